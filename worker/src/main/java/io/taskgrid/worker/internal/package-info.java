/** The worker's implementation; not API. */
package io.taskgrid.worker.internal;
