package io.taskgrid.coordinator.scheduling;

import java.util.ArrayList;
import java.util.List;

/**
 * The scheduler's recent transitions, each with the stimulus (the numbered event) that caused it,
 * so that one subtask's story can be read back: which event moved it from which state to which,
 * in which attempt, on which worker. A ring of the last {@link #CAPACITY} transitions of all jobs,
 * in plain arrays: recording one costs a few stores and no object.
 */
final class Story {

    static final int CAPACITY = 1 << 16;

    private final long[] stimulus = new long[CAPACITY];
    private final String[] event = new String[CAPACITY];
    private final String[] job = new String[CAPACITY];
    private final String[] worker = new String[CAPACITY];
    private final int[] index = new int[CAPACITY];
    private final byte[] from = new byte[CAPACITY];
    private final byte[] to = new byte[CAPACITY];
    private final byte[] attempt = new byte[CAPACITY];
    private long recorded;

    void record(long stimulusId, String eventName, String jobId, int subtask, SubtaskState before,
                SubtaskState after, int attemptNumber, String workerId) {
        int slot = (int) (recorded++ & (CAPACITY - 1));
        stimulus[slot] = stimulusId;
        event[slot] = eventName;
        job[slot] = jobId;
        worker[slot] = workerId;
        index[slot] = subtask;
        from[slot] = (byte) before.ordinal();
        to[slot] = (byte) after.ordinal();
        attempt[slot] = (byte) attemptNumber;
    }

    /** The transitions of one subtask still in the ring, oldest first. */
    List<StoryLine> of(String jobId, int subtask) {
        List<StoryLine> lines = new ArrayList<>();
        for (long i = Math.max(0, recorded - CAPACITY); i < recorded; i++) {
            int slot = (int) (i & (CAPACITY - 1));
            if (index[slot] == subtask && jobId.equals(job[slot])) {
                lines.add(new StoryLine(stimulus[slot], event[slot], SubtaskState.ofOrdinal(from[slot]),
                        SubtaskState.ofOrdinal(to[slot]), attempt[slot] & 0xFF, worker[slot]));
            }
        }
        return lines;
    }
}
