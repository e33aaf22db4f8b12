package io.taskgrid.coordinator.scheduling;

import java.util.List;

/** A subtask was asked to make a move its state does not allow: a bug in the scheduler. */
public final class IllegalTransitionException extends IllegalStateException {

    public IllegalTransitionException(String jobId, int index, SubtaskState from, SubtaskState to,
                                      List<String> recentEvents) {
        super("ILLEGAL TRANSITION of subtask " + index + " of job " + jobId + ": " + from + " -> " + to
                + " (legal from " + from + ": " + SubtaskState.TRANSITIONS.get(from) + ")."
                + " Recent events, oldest first:\n  " + String.join("\n  ", recentEvents));
    }
}
