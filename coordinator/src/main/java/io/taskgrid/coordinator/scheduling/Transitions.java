package io.taskgrid.coordinator.scheduling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Moves subtasks between states, checking each move against {@link SubtaskState#TRANSITIONS}. It
 * numbers the scheduler's events (their stimulus ids), writes each move into the {@link Story}
 * with the stimulus that caused it, and remembers the recent events so that an illegal move can
 * be explained.
 */
final class Transitions {

    private static final int HISTORY = 32;

    private final SchedulerEvent[] recent = new SchedulerEvent[HISTORY];
    private long eventCount;
    private final BiConsumer<SubtaskState, SubtaskState> listener;
    private final Story story = new Story();
    private String eventName;
    /** The worker the moves of the current event concern: the event's own, or the one being assigned to. */
    private String worker;

    Transitions(BiConsumer<SubtaskState, SubtaskState> listener) {
        this.listener = listener;
    }

    /** Starts a new event: returns its stimulus id, which every move and instruction it causes repeats. */
    long recordEvent(SchedulerEvent event) {
        eventName = event.getClass().getSimpleName();
        worker = event.workerId();
        if (event instanceof SchedulerEvent.SubtasksSucceeded e) {
            event = new SchedulerEvent.SubtasksSucceeded(e.workerId(), e.jobId(), e.indices(), e.attempts(), null,
                    e.runNanos()); // keep the story, not the result bytes
        }
        recent[(int) (eventCount % HISTORY)] = event;
        return ++eventCount;
    }

    /** The stimulus id of the event being handled. */
    long stimulus() {
        return eventCount;
    }

    /** The moves that follow concern this worker (a subtask being assigned to it). */
    void actingWorker(String workerId) {
        worker = workerId;
    }

    Story story() {
        return story;
    }

    void move(JobEntry job, int index, SubtaskState to) {
        SubtaskState from = job.state(index);
        if (!from.canMoveTo(to)) {
            throw new IllegalTransitionException(job.jobId, index, from, to, recentEvents());
        }
        job.setState(index, from, to);
        story.record(eventCount, eventName, job.jobId, index, from, to, job.attempt(index), worker);
        listener.accept(from, to);
    }

    List<String> recentEvents() {
        List<String> lines = new ArrayList<>();
        for (long i = Math.max(0, eventCount - HISTORY); i < eventCount; i++) {
            lines.add("#" + (i + 1) + " " + describe(recent[(int) (i % HISTORY)]));
        }
        return lines;
    }

    private static String describe(SchedulerEvent event) {
        String text = event.toString();
        if (event instanceof SchedulerEvent.SubtasksSucceeded e) {
            text = "SubtasksSucceeded[" + e.workerId() + ", " + e.jobId() + ", indices=" + brief(e.indices())
                    + ", attempts=" + brief(e.attempts()) + "]";
        } else if (event instanceof SchedulerEvent.SubtasksStarted e) {
            text = "SubtasksStarted[" + e.workerId() + ", " + e.jobId() + ", indices=" + brief(e.indices()) + "]";
        } else if (event instanceof SchedulerEvent.SubtasksFailed e) {
            text = "SubtasksFailed[" + e.workerId() + ", " + e.jobId() + ", indices=" + brief(e.indices()) + "]";
        }
        return text;
    }

    private static String brief(int[] values) {
        return values.length <= 8 ? Arrays.toString(values)
                : Arrays.toString(Arrays.copyOf(values, 8)).replace("]", ", … (" + values.length + ")]");
    }
}
