package io.taskgrid.worker.internal;

import io.taskgrid.internal.protocol.ArtifactRef;
import io.taskgrid.internal.serialization.PayloadCodec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The class loaders of shipped code, one per distinct set of jars (by content hash), each with the
 * codec that decodes through it. Jobs that ship the same code share its loader, so a stream of
 * small jobs does not pay for a new loader and codec each, milliseconds per job; jobs that
 * ship different code, such as two versions of one class, get different loaders. A loader no
 * running job uses stays for the next job of the same code, among the {@link #IDLE_KEPT} most
 * recently used; older ones are closed, so finished jobs leave nothing behind beyond those.
 */
final class CodeLoaders implements AutoCloseable {

    /** How many loaders that no running job uses are kept for the next job of the same code. */
    static final int IDLE_KEPT = 8;

    /** One set of jars, loaded. */
    static final class Code {
        private final String key;
        final JobClassLoader loader;
        final PayloadCodec codec;
        private int users;

        private Code(String key, JobClassLoader loader) {
            this.key = key;
            this.loader = loader;
            this.codec = new PayloadCodec(loader);
        }
    }

    private final ClassLoader parent;
    private final Map<String, Code> inUse = new HashMap<>();
    /** Idle loaders, least recently used first. */
    private final LinkedHashMap<String, Code> idle = new LinkedHashMap<>();

    CodeLoaders(ClassLoader parent) {
        this.parent = parent;
    }

    /** The loaded code for {@code artifacts}, whose jars are {@code jars}; give it back with {@link #release}. */
    synchronized Code acquire(String jobId, List<ArtifactRef> artifacts, List<Path> jars) {
        String key = keyOf(artifacts);
        Code code = inUse.get(key);
        if (code == null) {
            code = idle.remove(key);
            if (code == null) {
                code = new Code(key, new JobClassLoader(jobId, jars, parent));
            }
            inUse.put(key, code);
        }
        code.users++;
        return code;
    }

    /** A job is done with {@code code}: it becomes idle when no other job uses it, and the oldest idle one goes. */
    synchronized void release(Code code) {
        if (--code.users > 0) {
            return;
        }
        inUse.remove(code.key);
        idle.put(code.key, code);
        Iterator<Code> oldest = idle.values().iterator();
        while (idle.size() > IDLE_KEPT) {
            oldest.next().loader.closeQuietly();
            oldest.remove();
        }
    }

    /** How many loaders are open, in use or idle. */
    synchronized int open() {
        return inUse.size() + idle.size();
    }

    @Override
    public synchronized void close() {
        List<Code> all = new ArrayList<>(inUse.values());
        all.addAll(idle.values());
        all.forEach(code -> code.loader.closeQuietly());
        inUse.clear();
        idle.clear();
    }

    private static String keyOf(List<ArtifactRef> artifacts) {
        StringBuilder key = new StringBuilder();
        for (ArtifactRef artifact : artifacts) {
            key.append(artifact.hash()).append(',');
        }
        return key.toString();
    }
}
