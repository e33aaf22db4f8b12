/** The worker process: {@link io.taskgrid.worker.WorkerNode} joins a cluster and runs subtasks. */
package io.taskgrid.worker;
