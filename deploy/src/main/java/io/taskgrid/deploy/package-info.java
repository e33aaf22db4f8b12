/**
 * Running Taskgrid: {@link io.taskgrid.deploy.LocalCluster} for a whole cluster on one machine,
 * and {@link io.taskgrid.deploy.Main}, the {@code taskgrid} command line.
 */
package io.taskgrid.deploy;
