package io.taskgrid.coordinator.internal;

import com.hazelcast.map.MapStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Keeps one Hazelcast map on disk, one file per entry (the file name is the key in hex), so that a
 * coordinator restarted on the same directory finds its jobs again. Hazelcast calls it behind
 * the map (write-behind, in batches), never on the job manager's thread.
 */
final class FileMapStore implements MapStore<String, byte[]> {

    private final Path directory;

    FileMapStore(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state store directory " + directory, e);
        }
    }

    @Override
    public void store(String key, byte[] value) {
        Path file = fileOf(key);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(temporary, value);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public void storeAll(Map<String, byte[]> entries) {
        entries.forEach(this::store);
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(fileOf(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the entry " + key + " in " + directory, e);
        }
    }

    @Override
    public void deleteAll(Collection<String> keys) {
        keys.forEach(this::delete);
    }

    @Override
    public byte[] load(String key) {
        try {
            return Files.readAllBytes(fileOf(key));
        } catch (NoSuchFileException missing) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the entry " + key + " in " + directory, e);
        }
    }

    @Override
    public Map<String, byte[]> loadAll(Collection<String> keys) {
        Map<String, byte[]> loaded = new HashMap<>();
        for (String key : keys) {
            byte[] value = load(key);
            if (value != null) {
                loaded.put(key, value);
            }
        }
        return loaded;
    }

    @Override
    public Iterable<String> loadAllKeys() {
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> !name.endsWith(".tmp"))
                    .forEach(name -> keys.add(new String(HexFormat.of().parseHex(name), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the state store directory " + directory, e);
        }
        return keys;
    }

    private Path fileOf(String key) {
        return directory.resolve(HexFormat.of().formatHex(key.getBytes(StandardCharsets.UTF_8)));
    }
}
