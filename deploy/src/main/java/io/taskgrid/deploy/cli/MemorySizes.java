package io.taskgrid.deploy.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory as people write it on a command line: {@code 512k}, {@code 256m}, {@code 1g}, {@code 25%} (of the heap). */
final class MemorySizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)([kmg]?|%)");

    private MemorySizes() {
    }

    /** The bytes {@code text} names; a percentage is of {@code maxHeap}. */
    static long parse(String text, String option, long maxHeap) {
        Matcher matcher = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        try {
            long amount = matcher.matches() ? Long.parseLong(matcher.group(1)) : 0;
            long bytes = switch (matcher.matches() ? matcher.group(2) : "") {
                case "%" -> amount <= 100 ? maxHeap * amount / 100 : 0;
                case "k" -> Math.multiplyExact(amount, 1L << 10);
                case "m" -> Math.multiplyExact(amount, 1L << 20);
                case "g" -> Math.multiplyExact(amount, 1L << 30);
                default -> amount;
            };
            if (bytes > 0) {
                return bytes;
            }
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            // said below
        }
        throw new IllegalArgumentException(option + " takes an amount of memory such as 256m, 1g or 25% (of the "
                + "heap), more than zero, not '" + text + "'");
    }
}
