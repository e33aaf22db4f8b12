package io.taskgrid.examples;

import io.taskgrid.Job;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridProgram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts words: the client cuts the files into chunks of text, each chunk is counted on a worker
 * (map), and the counts are merged into one table as they arrive (reduce); prints the top words.
 *
 * <pre>
 * ./taskgrid submit --local 2 wordcount --top 5 README.md
 * </pre>
 */
@Command(name = "wordcount", mixinStandardHelpOptions = true,
        description = "Count the words of text files, one chunk of text per subtask, and print the most frequent.")
public final class WordCount implements TaskgridProgram {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The text files (UTF-8) to count.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--top", description = "How many words to print (default: ${DEFAULT-VALUE}).")
    int top = 10;

    @Option(names = "--chunk-kb", description = "Kilobytes of text per subtask (default: ${DEFAULT-VALUE}).")
    int chunkKb = 256;

    /** Counts the words of the files named in {@code args}, on the coordinator at 127.0.0.1:7711. */
    public static void main(String[] args) throws IOException {
        List<String> chunks = new ArrayList<>();
        for (String file : args) {
            chunks.addAll(chunks(Files.readString(Path.of(file)), 256 * 1024));
        }
        try (TaskgridClient client = TaskgridClient.connect("127.0.0.1:7711")) {
            System.out.println(topWords(client, chunks, 10));
        }
    }

    /** The {@code top} most frequent words of the chunks, most frequent first. */
    public static Map<String, Long> topWords(TaskgridClient client, List<String> chunks, int top) {
        Job<Map<String, Long>> job = Job.map(WordCount::countWords, chunks).named("wordcount");
        Map<String, Long> counts = client.submit(job).reduce(WordCount::merge).join();
        Map<String, Long> result = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }

    /** How often each word occurs in {@code text}; words are runs of letters, lower-cased. */
    static Map<String, Long> countWords(String text) {
        Map<String, Long> counts = new HashMap<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
            if (!word.isEmpty()) {
                counts.merge(word, 1L, Long::sum);
            }
        }
        return counts;
    }

    /** The sum of two tables, in a new map (the inputs stay as they were). */
    static Map<String, Long> merge(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> sum = new HashMap<>(a);
        b.forEach((word, count) -> sum.merge(word, count, Long::sum));
        return sum;
    }

    /** {@code text} cut into pieces of about {@code size} characters, at whitespace. */
    static List<String> chunks(String text, int size) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + size);
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            chunks.add(text.substring(start, end));
            start = end;
        }
        return chunks;
    }

    @Override
    public String name() {
        return "wordcount";
    }

    @Override
    public String description() {
        return "Count the words of text files and print the most frequent";
    }

    @Override
    public Object run(TaskgridClient client) {
        if (top < 1 || chunkKb < 1) {
            throw new IllegalArgumentException("--top and --chunk-kb must be positive");
        }
        List<String> chunks = new ArrayList<>();
        for (Path file : files) {
            chunks.addAll(chunks(read(file), chunkKb * 1024));
        }
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("the files hold no text: nothing to count");
        }
        return topWords(client, chunks, top);
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
