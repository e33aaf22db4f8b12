package io.taskgrid.coordinator.scheduling;

/**
 * One step of a subtask's story: the event numbered {@code stimulus} moved it from {@code from} to
 * {@code to}, in attempt {@code attempt}, on {@code workerId} ({@code null} when no worker was involved).
 */
public record StoryLine(long stimulus, String event, SubtaskState from, SubtaskState to, int attempt,
                        String workerId) {
}
