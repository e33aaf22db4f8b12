package io.taskgrid.internal.protocol;

/** A subtask that failed for good: where, after how many attempts, and why. */
public record SubtaskFailure(int index, int attempts, String workerId, RemoteFailure failure) {
}
