package io.taskgrid.coordinator.internal;

import io.taskgrid.coordinator.scheduling.Scheduler;
import io.taskgrid.coordinator.scheduling.StoryLine;
import io.taskgrid.coordinator.scheduling.SubtaskState;

import java.util.List;

/**
 * One subtask as {@code GET /api/jobs/{id}/subtasks/{n}} shows it: its state while its job runs,
 * and its story, each move with the numbered event (stimulus) that caused it. The scheduler keeps
 * the recent moves of all jobs, so the story of a long-finished subtask may be gone.
 *
 * @param state {@code null} once the job is not running
 */
public record SubtaskStory(String jobId, int index, SubtaskState state, List<StoryLine> story) {

    static SubtaskStory of(String jobId, int index, boolean running, Scheduler scheduler) {
        return new SubtaskStory(jobId, index, running ? scheduler.stateOf(jobId, index) : null,
                scheduler.storyOf(jobId, index));
    }
}
