package io.taskgrid.internal.serialization;

import com.esotericsoftware.kryo.Kryo;

import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Which classes' private members a library on the classpath may use in a JVM started without
 * flags.
 *
 * <p>Java lets code of the unnamed module (the classpath: Kryo, Taskgrid, the user's classes) make
 * another module's private fields and methods accessible only where that module opens their
 * package. The JDK's modules open next to nothing, so without {@code --add-opens} Kryo cannot read
 * the fields of a {@code java.util} class, while a user's class on the classpath (or in a job's
 * class loader) is open to it.
 *
 * <p>The payload encoding picks how to write a class from {@link #openByDeclaration} (what the
 * module declares), never from this JVM's flags: a client started without flags and a worker
 * started with them must pick the same encoding for the same class. Only whether an encoding can
 * run here at all may depend on the flags ({@link #closedHere}).
 */
final class ModuleAccess {

    private ModuleAccess() {
    }

    /**
     * Whether {@code type}'s module opens its package to every module by its own declaration: true
     * for the classpath and for automatic and open modules, false for nearly every JDK package.
     */
    static boolean openByDeclaration(Class<?> type) {
        Module module = type.getModule();
        ModuleDescriptor descriptor = module.getDescriptor();
        if (!module.isNamed() || descriptor == null || descriptor.isOpen() || descriptor.isAutomatic()) {
            return true;
        }
        String pkg = type.getPackageName();
        return descriptor.opens().stream().anyMatch(opens -> !opens.isQualified() && opens.source().equals(pkg));
    }

    /**
     * The first class of {@code type}'s hierarchy whose instance fields live in a package that is
     * not {@linkplain #openByDeclaration open by declaration} (Kryo's field serializer would have
     * to break into them), or {@code null} when there is none.
     */
    static Class<?> closedFieldsOwner(Class<?> type) {
        for (Class<?> owner = type; owner != null && owner != Object.class; owner = owner.getSuperclass()) {
            if (!openByDeclaration(owner) && declaresInstanceFields(owner)) {
                return owner;
            }
        }
        return null;
    }

    private static boolean declaresInstanceFields(Class<?> type) {
        for (Field field : type.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first class of {@code type}'s hierarchy whose instance fields Kryo cannot read in this
     * JVM, flags included (an {@code --add-opens} flag opens a package after all), or {@code null}.
     */
    static Class<?> closedHere(Class<?> type) {
        for (Class<?> owner = type; owner != null && owner != Object.class; owner = owner.getSuperclass()) {
            if (!owner.getModule().isOpen(owner.getPackageName(), Kryo.class.getModule()) && declaresInstanceFields(owner)) {
                return owner;
            }
        }
        return null;
    }

    /** The flag that opens {@code type}'s package to the classpath, such as {@code --add-opens java.base/java.util=ALL-UNNAMED}. */
    static String addOpensFlag(Class<?> type) {
        return "--add-opens " + type.getModule().getName() + "/" + type.getPackageName() + "=ALL-UNNAMED";
    }
}
