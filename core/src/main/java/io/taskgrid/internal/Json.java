package io.taskgrid.internal;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * Writes plain values as compact JSON: null, booleans, numbers, strings, enums (by name), maps
 * with string keys, collections, arrays of objects, and records (by component). Enough for the
 * CLI's {@code --json} and the HTTP API, without a JSON library on the client's classpath.
 */
public final class Json {

    private Json() {
    }

    /** The JSON text of {@code value}. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(128);
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Number number) {
            writeNumber(number, out);
        } else if (value instanceof CharSequence || value instanceof Character) {
            writeString(value.toString(), out);
        } else if (value instanceof Enum<?> constant) {
            writeString(constant.name(), out);
        } else if (value instanceof Map<?, ?> map) {
            writeMap(map, out);
        } else if (value instanceof Collection<?> items) {
            writeArray(items.toArray(), out);
        } else if (value instanceof Object[] items) {
            writeArray(items, out);
        } else if (value.getClass().isRecord()) {
            writeRecord(value, out);
        } else {
            writeString(value.toString(), out);
        }
    }

    private static void writeNumber(Number number, StringBuilder out) {
        double asDouble = number.doubleValue();
        if ((number instanceof Double || number instanceof Float) && !Double.isFinite(asDouble)) {
            out.append("null");
        } else {
            out.append(number);
        }
    }

    private static void writeMap(Map<?, ?> map, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(String.valueOf(entry.getKey()), out);
            out.append(':');
            write(entry.getValue(), out);
        }
        out.append('}');
    }

    private static void writeArray(Object[] items, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            write(items[i], out);
        }
        out.append(']');
    }

    private static void writeRecord(Object record, StringBuilder out) {
        out.append('{');
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(components[i].getName(), out);
            out.append(':');
            try {
                write(components[i].getAccessor().invoke(record), out);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + components[i].getName() + " of " + record.getClass(), e);
            }
        }
        out.append('}');
    }

    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
