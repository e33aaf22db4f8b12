package io.taskgrid.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.JavaSerializer;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Serializable lambdas and method references, in a JVM started without flags.
 *
 * <p>Kryo's {@code ClosureSerializer} reads {@link SerializedLambda}'s private fields and calls its
 * private {@code readResolve}, which Java allows only with {@code --add-opens
 * java.base/java.lang.invoke}. This serializer uses what is open without flags instead:
 * <ul>
 *   <li>writing, the lambda class's own {@code writeReplace} (a lambda class lives in its
 *   capturing class's module: for code on the classpath or in a job's class loader, the unnamed
 *   module, open to Kryo) gives the {@link SerializedLambda}, written through its public getters.
 *   Captured values go through this Kryo, so a value that cannot travel is refused by name;</li>
 *   <li>reading, {@link SerializedLambda}'s public constructor rebuilds it, and the capturing
 *   class's synthetic {@code $deserializeLambda$} turns it into the lambda, as
 *   {@code readResolve} would. Classes load through the Kryo's class loader: the job's on a
 *   worker.</li>
 * </ul>
 * A lambda whose class sits in a package its module does not open (a JDK lambda such as the
 * comparator {@code Map.Entry.comparingByKey()} returns) travels through Java's own serialization
 * instead, which needs no flag; a first byte says which way a lambda went.
 */
final class LambdaSerializer extends Serializer<Object> {

    /** The Kryo trace line, before the lambda's name, of a value a lambda captures. */
    static final String CAPTURED_TRACE = "capturedArgs (";

    private static final byte THROUGH_KRYO = 0;
    private static final byte THROUGH_JAVA = 1;

    private static final ClassValue<Method> WRITE_REPLACE = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> lambdaClass) {
            return accessible(lambdaClass, "writeReplace");
        }
    };

    private static final ClassValue<Method> DESERIALIZE = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> capturingClass) {
            return accessible(capturingClass, "$deserializeLambda$", SerializedLambda.class);
        }
    };

    private final JavaSerializer java = new JavaSerializer();

    @Override
    public void write(Kryo kryo, Output output, Object lambda) {
        Class<?> type = lambda.getClass();
        if (!(lambda instanceof Serializable)) {
            throw new NotSerializableLambda(type);
        }
        if (!ModuleAccess.openByDeclaration(type)) {
            output.writeByte(THROUGH_JAVA);
            java.write(kryo, output, lambda);
            return;
        }
        SerializedLambda form = serializedForm(lambda);
        output.writeByte(THROUGH_KRYO);
        kryo.writeClass(output, capturingClass(form, type));
        output.writeString(form.getFunctionalInterfaceClass());
        output.writeString(form.getFunctionalInterfaceMethodName());
        output.writeString(form.getFunctionalInterfaceMethodSignature());
        output.writeVarInt(form.getImplMethodKind(), true);
        output.writeString(form.getImplClass());
        output.writeString(form.getImplMethodName());
        output.writeString(form.getImplMethodSignature());
        output.writeString(form.getInstantiatedMethodType());
        output.writeVarInt(form.getCapturedArgCount(), true);
        for (int i = 0; i < form.getCapturedArgCount(); i++) {
            writeCaptured(kryo, output, form, i);
        }
    }

    private static void writeCaptured(Kryo kryo, Output output, SerializedLambda form, int index) {
        try {
            kryo.writeClassAndObject(output, form.getCapturedArg(index));
        } catch (KryoException e) {
            e.addTrace(CAPTURED_TRACE + name(form) + ")");
            throw e;
        } catch (RuntimeException e) {
            KryoException wrapped = new KryoException(e);
            wrapped.addTrace(CAPTURED_TRACE + name(form) + ")");
            throw wrapped;
        }
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
        if (input.readByte() == THROUGH_JAVA) {
            return java.read(kryo, input, type);
        }
        Class<?> capturing = kryo.readClass(input).getType();
        String functionalInterface = input.readString();
        String functionalMethod = input.readString();
        String functionalSignature = input.readString();
        int implKind = input.readVarInt(true);
        String implClass = input.readString();
        String implMethod = input.readString();
        String implSignature = input.readString();
        String instantiatedType = input.readString();
        Object[] captured = new Object[input.readVarInt(true)];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = kryo.readClassAndObject(input);
        }
        return resolve(new SerializedLambda(capturing, functionalInterface, functionalMethod, functionalSignature,
                implKind, implClass, implMethod, implSignature, instantiatedType, captured), capturing);
    }

    /** What {@code SerializedLambda.readResolve} does: the capturing class builds the lambda. */
    private static Object resolve(SerializedLambda form, Class<?> capturing) {
        try {
            return DESERIALIZE.get(capturing).invoke(null, form);
        } catch (InvocationTargetException e) {
            throw new KryoException("The lambda " + name(form) + " does not match the code of " + capturing.getName()
                    + " in this JVM (pid " + ProcessHandle.current().pid() + "): the sender has another version of "
                    + "that class. Run the same build of it on both sides", e.getCause());
        } catch (IllegalAccessException e) {
            throw new KryoException("Cannot rebuild the lambda " + name(form) + ": " + e.getMessage(), e);
        }
    }

    private static SerializedLambda serializedForm(Object lambda) {
        try {
            return (SerializedLambda) WRITE_REPLACE.get(lambda.getClass()).invoke(lambda);
        } catch (IllegalAccessException | InvocationTargetException | ClassCastException e) {
            throw new KryoException("Cannot take the serialized form of the lambda " + lambda.getClass().getName(), e);
        }
    }

    private static Class<?> capturingClass(SerializedLambda form, Class<?> lambdaClass) {
        String name = form.getCapturingClass().replace('/', '.');
        try {
            return Class.forName(name, false, lambdaClass.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new KryoException("The class " + name + " that declares the lambda " + lambdaClass.getName()
                    + " is not visible from its class loader", e);
        }
    }

    /** The declared method {@code name}, made accessible: its class must be open to Kryo (see {@link ModuleAccess}). */
    private static Method accessible(Class<?> type, String name, Class<?>... parameters) {
        try {
            Method method = type.getDeclaredMethod(name, parameters);
            method.setAccessible(true);
            return method;
        } catch (NoSuchMethodException e) {
            throw new KryoException(type.getName() + " has no method " + name + ": it is not a serializable lambda "
                    + "or the class that declares one", e);
        } catch (RuntimeException e) { // InaccessibleObjectException: its module does not open the package
            throw new KryoException("Cannot use " + type.getName() + "." + name + ": " + e.getMessage() + ". Open "
                    + "its package to Taskgrid (opens " + type.getPackageName() + "; in its module-info, or "
                    + ModuleAccess.addOpensFlag(type) + ")", e);
        }
    }

    /** The lambda's implementation, as {@code com.acme.App::lambda$main$0}. */
    private static String name(SerializedLambda form) {
        return form.getImplClass().replace('/', '.') + "::" + form.getImplMethodName();
    }

    /** Thrown when a value to encode is (or holds, or captures) a lambda that is not serializable. */
    static final class NotSerializableLambda extends KryoException {
        NotSerializableLambda(Class<?> type) {
            super("the lambda " + type.getName() + " is not serializable");
        }
    }
}
