package io.taskgrid.worker.internal;

import io.taskgrid.cluster.ArtifactMessage;
import io.taskgrid.cluster.WorkerMessage;
import io.taskgrid.internal.protocol.ArtifactRef;
import org.apache.pekko.actor.typed.ActorRef;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * Shipped code on this worker: jars cached on disk by content hash, and the downloads of those it
 * lacks from the coordinator's artifact server, a few chunks in flight at a time. A finished
 * download is checked against its hash before it enters the cache, under its final name by an
 * atomic move, so workers sharing a cache directory never see half a jar.
 *
 * <p>Not thread-safe: the worker agent calls it, and its callbacks run on the agent's thread.
 */
final class ArtifactDownloads {

    /** Chunk requests in flight per download. */
    static final int WINDOW = 4;

    /** A download that receives nothing for this long fails. */
    static final long STALL_NANOS = 30_000_000_000L;

    private final Path cache;
    private final ActorRef<ArtifactMessage> server;
    private final String self;
    private final Map<String, Download> downloads = new HashMap<>();

    private final class Download {
        final ArtifactRef ref;
        final Path partial;
        final FileChannel file;
        final CompletableFuture<Path> done = new CompletableFuture<>();
        int requested;
        int received;
        long lastProgress = System.nanoTime();

        Download(ArtifactRef ref) throws IOException {
            this.ref = ref;
            this.partial = cache.resolve(ref.hash() + ".jar.part-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            this.file = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        void requestMore() {
            while (requested < ref.chunkCount() && requested - received < WINDOW) {
                server.tell(new ArtifactMessage.FetchArtifactChunk(ref.hash(), requested++, self));
            }
        }
    }

    ArtifactDownloads(Path cache, ActorRef<ArtifactMessage> server, String self) {
        this.cache = cache;
        this.server = server;
        this.self = self;
    }

    /** Calls {@code done} with the cached jars for {@code refs}, in order, or with why they cannot be had. */
    void fetch(List<ArtifactRef> refs, BiConsumer<List<Path>, String> done) {
        List<CompletableFuture<Path>> jars = new ArrayList<>();
        for (ArtifactRef ref : refs) {
            jars.add(jar(ref));
        }
        CompletableFuture.allOf(jars.toArray(CompletableFuture[]::new)).whenComplete((all, error) -> {
            if (error == null) {
                done.accept(jars.stream().map(CompletableFuture::join).toList(), null);
            } else {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                done.accept(null, "this worker could not fetch the job's code: " + cause.getMessage());
            }
        });
    }

    private CompletableFuture<Path> jar(ArtifactRef ref) {
        Path cached = cache.resolve(ref.hash() + ".jar");
        if (Files.isRegularFile(cached)) {
            return CompletableFuture.completedFuture(cached);
        }
        Download running = downloads.get(ref.hash());
        if (running != null) {
            return running.done;
        }
        try {
            Files.createDirectories(cache);
            Download download = new Download(ref);
            downloads.put(ref.hash(), download);
            download.requestMore();
            return download.done;
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new IOException("cannot write to the artifact cache " + cache
                    + " (" + e + "); give the worker a writable --cache-dir", e));
        }
    }

    /** Takes one chunk from the artifact server. */
    void onChunk(WorkerMessage.ArtifactChunk chunk) {
        Download download = downloads.get(chunk.hash());
        if (download == null) {
            return; // a late chunk of a download that failed
        }
        if (chunk.error() != null) {
            fail(download, new IOException(chunk.error()));
            return;
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(chunk.bytes());
            long position = chunk.offset();
            while (bytes.hasRemaining()) {
                position += download.file.write(bytes, position);
            }
            download.received++;
            download.lastProgress = System.nanoTime();
            if (download.received == download.ref.chunkCount()) {
                complete(download);
            } else {
                download.requestMore();
            }
        } catch (IOException e) {
            fail(download, e);
        }
    }

    private void complete(Download download) throws IOException {
        download.file.close();
        String hash = sha256(download.partial);
        if (!hash.equals(download.ref.hash())) {
            fail(download, new IOException("the download of " + download.ref.name() + " has SHA-256 " + hash
                    + ", not " + download.ref.hash()));
            return;
        }
        Path jar = cache.resolve(download.ref.hash() + ".jar");
        Files.move(download.partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        downloads.remove(download.ref.hash());
        download.done.complete(jar);
    }

    /** Fails downloads that have received nothing for {@link #STALL_NANOS}. */
    void failStalled(long nowNanos) {
        for (Download download : List.copyOf(downloads.values())) {
            if (nowNanos - download.lastProgress > STALL_NANOS) {
                fail(download, new IOException("the coordinator sent no part of " + download.ref.name() + " for "
                        + STALL_NANOS / 1_000_000_000 + " s"));
            }
        }
    }

    /** Gives up every download (the coordinator is gone). */
    void abandonAll(String why) {
        for (Download download : List.copyOf(downloads.values())) {
            fail(download, new IOException(why));
        }
    }

    private void fail(Download download, IOException error) {
        downloads.remove(download.ref.hash());
        try {
            download.file.close();
            Files.deleteIfExists(download.partial);
        } catch (IOException ignored) {
            // a stray partial file; the next download uses another name
        }
        download.done.completeExceptionally(error);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
