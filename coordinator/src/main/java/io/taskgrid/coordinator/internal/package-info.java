/** The coordinator's implementation: job manager actor, gateway, HTTP, state store. Not API. */
package io.taskgrid.coordinator.internal;
