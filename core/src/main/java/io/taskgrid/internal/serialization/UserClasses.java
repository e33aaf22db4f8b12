package io.taskgrid.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

import java.io.Serializable;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * How the payload Kryo treats user classes: it records which ones it writes by name (the code a
 * job needs on the workers) and refuses values that cannot mean anything on another JVM (open
 * streams, sockets, threads, clients), so that the mistake shows at submit, naming the field. A
 * class whose fields a JDK module keeps closed goes to {@link JdkSerializers}, and is refused,
 * naming the flag that would open it, when neither it nor this JVM offers a way.
 */
final class UserClasses {

    private static final ThreadLocal<Set<Class<?>>> RECORDING = new ThreadLocal<>();

    private UserClasses() {
    }

    /** Runs {@code work}, adding to {@code into} every class it writes by name on this thread. */
    static <T> T recording(Set<Class<?>> into, java.util.function.Supplier<T> work) {
        Set<Class<?>> outer = RECORDING.get();
        RECORDING.set(into);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                RECORDING.remove();
            } else {
                RECORDING.set(outer);
            }
        }
    }

    /** A class resolver that records the classes it writes by name while {@link #recording} is on. */
    static final class RecordingResolver extends DefaultClassResolver {
        @Override
        @SuppressWarnings("rawtypes")
        protected void writeName(Output output, Class type, Registration registration) {
            Set<Class<?>> into = RECORDING.get();
            if (into != null) {
                into.add(type);
            }
            super.writeName(output, type, registration);
        }
    }

    /** What the user can do about a live object or an open resource. */
    private static final String LIVE_OBJECT_FIX = "Mark that field transient and open what it needs on the worker, "
            + "or capture what it points to (a path, a URL, a name) instead";

    /**
     * Field serializers for ordinary classes; {@link JdkSerializers}' choice for classes with fields
     * in a closed JDK package; a refusing serializer for live resources and for closed classes that
     * this JVM cannot read.
     */
    static final class GuardedFactory implements SerializerFactory<Serializer<?>> {
        private final SerializerFactory.FieldSerializerFactory fields = new SerializerFactory.FieldSerializerFactory();

        @Override
        @SuppressWarnings("rawtypes")
        public Serializer<?> newSerializer(Kryo kryo, Class type) {
            String why = whyNotSendable(type);
            if (why != null) {
                return new Refusing(type, why, LIVE_OBJECT_FIX);
            }
            if (ModuleAccess.closedFieldsOwner(type) == null) {
                return fields.newSerializer(kryo, type);
            }
            Serializer<?> jdk = JdkSerializers.forClosedFields(type);
            if (jdk != null) {
                return jdk;
            }
            Class<?> closedHere = ModuleAccess.closedHere(type);
            return closedHere == null ? fields.newSerializer(kryo, type) : refuseClosed(type, closedHere);
        }

        @Override
        public boolean isSupported(Class type) {
            return true;
        }
    }

    private static Refusing refuseClosed(Class<?> type, Class<?> owner) {
        String flag = ModuleAccess.addOpensFlag(owner);
        String holder = owner == type ? "" : " (in its superclass " + owner.getName() + ")";
        return new Refusing(type, "a class whose fields" + holder + " module " + owner.getModule().getName()
                + " keeps private: Java lets a library read them only in a JVM started with " + flag,
                "Send what it holds instead (in a record, a List or a Map of your own), or add that flag to every "
                        + "JVM that sends or receives it");
    }

    /** Why instances of {@code type} cannot travel, or {@code null} when they can. */
    static String whyNotSendable(Class<?> type) {
        if (Serializable.class.isAssignableFrom(type)) {
            return null;
        }
        if (type.isSynthetic() && type.getName().contains("$$Lambda")) {
            return "a lambda that is not serializable: write it where a Taskgrid type is expected (Task, "
                    + "TaskFunction, AsyncTask), or cast it, for example (Function<String, Integer> & Serializable) s -> 1";
        }
        if (Thread.class.isAssignableFrom(type) || ClassLoader.class.isAssignableFrom(type)
                || Executor.class.isAssignableFrom(type) || Future.class.isAssignableFrom(type)) {
            return "a live object of this JVM (a thread, executor, future or class loader), which means nothing on a worker";
        }
        if (AutoCloseable.class.isAssignableFrom(type)) {
            return "an open resource (a stream, channel, socket, connection or client), which cannot move to another JVM";
        }
        return null;
    }

    /** Thrown while encoding a value that cannot travel; Kryo adds the path of fields to it. */
    static final class NotSendable extends KryoException {
        final Class<?> type;
        final String why;
        final String fix;

        NotSendable(Class<?> type, String why, String fix) {
            super(type.getName() + " cannot be sent: it is " + why);
            this.type = type;
            this.why = why;
            this.fix = fix;
        }

        /** The innermost field that held the value, as "name (declaring class)", or {@code null}. */
        String field() {
            String message = getMessage();
            int at = message.indexOf("Serialization trace:");
            if (at < 0) {
                return null;
            }
            String[] lines = message.substring(at).split("\n");
            return lines.length > 1 ? lines[1].strip() : null;
        }
    }

    private static final class Refusing extends Serializer<Object> {
        private final Class<?> type;
        private final String why;
        private final String fix;

        Refusing(Class<?> type, String why, String fix) {
            this.type = type;
            this.why = why;
            this.fix = fix;
        }

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            throw new NotSendable(type, why, fix);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            throw new KryoException(type.getName() + " cannot be received in this JVM (pid "
                    + ProcessHandle.current().pid() + "): it is " + why + ". " + fix);
        }
    }
}
