/**
 * Taskgrid's implementation. Nothing under {@code io.taskgrid.internal} is API: it may change in
 * any release without notice.
 */
package io.taskgrid.internal;
