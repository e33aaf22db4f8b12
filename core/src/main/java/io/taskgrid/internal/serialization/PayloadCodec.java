package io.taskgrid.internal.serialization;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.taskgrid.TaskgridException;
import io.taskgrid.internal.protocol.EncodedItems;

import java.io.NotSerializableException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Encodes and decodes user objects (tasks, functions, inputs, results) with Kryo. Unlike the
 * protocol, user classes cannot be registered in advance, so they travel by name and are loaded
 * through the job's class loader. Only clients and workers use this; the coordinator routes the
 * bytes without decoding them.
 */
public final class PayloadCodec {

    private final KryoPool pool;

    /** A codec that loads classes through {@code classLoader}. */
    public PayloadCodec(ClassLoader classLoader) {
        this.pool = new KryoPool(() -> PayloadKryo.create(classLoader));
    }

    /**
     * Encodes one user object.
     *
     * @param what a description for the error message, such as "task 3"
     * @throws TaskgridException when the object cannot be serialized; the message names it
     */
    public byte[] encode(Object value, String what) {
        checkSerializable(value, what);
        try {
            return pool.encode(value);
        } catch (RuntimeException | LinkageError e) {
            throw cannotEncode(value, what, e);
        }
    }

    /** Encodes each object of {@code values} into one blob; {@code what} names them in errors. */
    public EncodedItems encodeEach(List<?> values, String what) {
        int[] offsets = new int[values.size() + 1];
        Output output = new Output(values.size() < 8 ? 512 : 4096, -1); // a single task: no 4 KiB to clear
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            checkSerializable(value, what + " " + i);
            try {
                pool.encode(value, output);
            } catch (RuntimeException | LinkageError e) {
                throw cannotEncode(value, what + " " + i, e);
            }
            offsets[i + 1] = output.position();
        }
        byte[] blob = output.position() == output.getBuffer().length
                ? output.getBuffer() : Arrays.copyOf(output.getBuffer(), output.position());
        return new EncodedItems(blob, offsets);
    }

    /**
     * Runs {@code encoding} (calls of this codec's encode methods), adding every class it writes
     * by name to {@code classes}: the user classes the receiver has to load.
     */
    public <T> T recordingClasses(Set<Class<?>> classes, Supplier<T> encoding) {
        return UserClasses.recording(classes, encoding);
    }

    /**
     * Decodes one user object.
     *
     * @throws TaskgridException naming the class when one it needs is not on this JVM's classpath
     */
    public Object decode(byte[] bytes) {
        try {
            return pool.decode(new Input(bytes));
        } catch (RuntimeException | LinkageError e) {
            String missing = missingClass(e);
            if (missing == null) {
                throw e;
            }
            throw missingClassError(missing, e);
        }
    }

    /**
     * Decodes every item of {@code items} in order with one Kryo instance and one {@link Input}
     * (a batch of results costs no object per item but the values). An item that cannot be decoded
     * reaches {@code onItem} with its error, named as {@link #decode} names it, and the rest go on.
     */
    public void decodeEach(EncodedItems items, KryoPool.ItemDecoded onItem) {
        pool.decodeEach(items, (position, value, error) -> {
            String missing = error == null ? null : missingClass(error);
            onItem.accept(position, value, missing != null ? missingClassError(missing, error) : error);
        });
    }

    private static TaskgridException missingClassError(String missing, Throwable cause) {
        return new TaskgridException("The class " + missing + " is neither on the classpath of this JVM (pid "
                + ProcessHandle.current().pid() + ") nor in the code shipped with the job, so the object that uses "
                + "it cannot be decoded here: ship the jar that holds it with Job.withJars(...) (or 'taskgrid "
                + "submit --jar'), or put that jar on the classpath of every worker", cause);
    }

    /** The name of the class whose absence caused {@code error}, or {@code null} if that was not the cause. */
    static String missingClass(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClassNotFoundException || cause instanceof NoClassDefFoundError) {
                String name = cause.getMessage();
                return name == null ? "(unnamed)" : name.replace('/', '.');
            }
            String message = cause.getMessage();
            if (message != null && message.startsWith("Unable to find class: ")) {
                return message.substring("Unable to find class: ".length()).split("\\s")[0];
            }
        }
        return null;
    }

    /** Fails with a message that says how to fix it when {@code value} is a non-serializable lambda. */
    public static void checkSerializable(Object value, String what) {
        if (value == null) {
            return;
        }
        Class<?> type = value.getClass();
        if (isLambda(type) && !(value instanceof Serializable)) {
            throw new TaskgridException("Cannot send " + what + " to the cluster: it is a lambda ("
                    + type.getName() + ") that is not serializable. Write it where a Taskgrid type is "
                    + "expected (Task, TaskFunction, SerializableCallable), or cast it, for "
                    + "example (Callable<Integer> & Serializable) () -> 42");
        }
    }

    private static TaskgridException cannotEncode(Object value, String what, Throwable error) {
        String sending = "Cannot send " + what + " (" + value.getClass().getName() + ") to the cluster: ";
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof UserClasses.NotSendable refused) {
                return new TaskgridException(sending + whereRefused(value, refused) + ", " + refused.why + ". "
                        + refused.fix, error);
            }
            if (cause instanceof LambdaSerializer.NotSerializableLambda) {
                return new TaskgridException(sending + "a value it holds or captures is a lambda that is not "
                        + "serializable. Declare that lambda with a serializable type (TaskFunction, or a cast such as "
                        + "(Supplier<String> & Serializable) () -> ...), or create it on the worker", error);
            }
            if (cause instanceof NotSerializableException missing) {
                return new TaskgridException(sending + insideJavaSerialization(missing.getMessage()), error);
            }
        }
        return new TaskgridException(sending + "it could not be serialized. " + firstLines(error.getMessage())
                + ". Everything a task holds or captures travels with it: make those fields "
                + "serializable, mark them transient, or pass large data by reference (a path, a URL)",
                error);
    }

    /**
     * Why a value inside a JDK object that Java's own serialization writes (a synchronized
     * collection, an {@code EnumMap}, a JDK comparator, an exception: see {@link JdkSerializers})
     * could not be written: the class Java named is not serializable.
     */
    private static String insideJavaSerialization(String className) {
        if (className != null && className.contains("$$Lambda")) {
            return "it holds a JDK object (such as a comparator from Comparator.comparing) that captures the lambda "
                    + className + ", which is not serializable. Declare that lambda with a serializable type, for "
                    + "example (Function<String, Integer> & Serializable) String::length";
        }
        return "it holds a JDK object that Java's own serialization writes (a synchronized or checked collection, an "
                + "EnumMap, a JDK comparator, an exception), and inside it a " + className + ", which does not "
                + "implement java.io.Serializable. Make that class Serializable, or hold its objects in an ordinary "
                + "collection (an ArrayList, a HashMap) instead";
    }

    /** Where in {@code value} the refused object sits: a field, a lambda's capture, or the value itself. */
    private static String whereRefused(Object value, UserClasses.NotSendable refused) {
        String field = refused.field();
        String type = refused.type.getName();
        if (field != null && field.startsWith(LambdaSerializer.CAPTURED_TRACE)) {
            return isLambda(value.getClass()) ? "a value its lambda captures is a " + type
                    : "a value that the lambda " + field.substring(LambdaSerializer.CAPTURED_TRACE.length(),
                    field.length() - 1) + " captures is a " + type;
        }
        if (field != null) {
            return "its field " + field + " holds a " + type;
        }
        return isLambda(value.getClass()) ? "a value its lambda captures is a " + type : "it is itself a " + type;
    }

    private static boolean isLambda(Class<?> type) {
        return type.isSynthetic() && type.getName().contains("$$Lambda");
    }

    private static String firstLines(String message) {
        if (message == null) {
            return "";
        }
        return message.strip().replace('\n', ' ').replace("\t", "");
    }
}
