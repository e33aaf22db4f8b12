/**
 * Taskgrid's public API: describe work as a {@link io.taskgrid.Job} of {@link io.taskgrid.Task}s,
 * submit it through a {@link io.taskgrid.TaskgridClient}, follow it with a
 * {@link io.taskgrid.JobHandle}.
 */
package io.taskgrid;
