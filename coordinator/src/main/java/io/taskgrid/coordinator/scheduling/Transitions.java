package io.taskgrid.coordinator.scheduling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Moves subtasks between states, checking each move against {@link SubtaskState#TRANSITIONS}, and
 * remembers the scheduler's recent events so that an illegal move can be explained.
 */
final class Transitions {

    private static final int HISTORY = 32;

    private final SchedulerEvent[] recent = new SchedulerEvent[HISTORY];
    private long eventCount;
    private final BiConsumer<SubtaskState, SubtaskState> listener;

    Transitions(BiConsumer<SubtaskState, SubtaskState> listener) {
        this.listener = listener;
    }

    void recordEvent(SchedulerEvent event) {
        if (event instanceof SchedulerEvent.SubtasksSucceeded e) {
            event = new SchedulerEvent.SubtasksSucceeded(e.workerId(), e.jobId(), e.indices(), e.attempts(), null,
                    e.runNanos()); // keep the story, not the result bytes
        }
        recent[(int) (eventCount++ % HISTORY)] = event;
    }

    void move(JobEntry job, int index, SubtaskState to) {
        SubtaskState from = job.state(index);
        if (!from.canMoveTo(to)) {
            throw new IllegalTransitionException(job.jobId, index, from, to, recentEvents());
        }
        job.setState(index, from, to);
        listener.accept(from, to);
    }

    List<String> recentEvents() {
        List<String> lines = new ArrayList<>();
        for (long i = Math.max(0, eventCount - HISTORY); i < eventCount; i++) {
            lines.add("#" + i + " " + describe(recent[(int) (i % HISTORY)]));
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
