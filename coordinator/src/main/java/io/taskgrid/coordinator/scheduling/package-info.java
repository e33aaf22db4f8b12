/**
 * The scheduler as a pure state machine ({@link io.taskgrid.coordinator.scheduling.Scheduler}):
 * events in, instructions out, no actors, sockets, threads or clocks. Not API.
 */
package io.taskgrid.coordinator.scheduling;
