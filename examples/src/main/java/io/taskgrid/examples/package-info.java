/**
 * Runnable examples, each a small program to copy: {@link io.taskgrid.examples.Primes} (range
 * job with reduce), {@link io.taskgrid.examples.Pi} (CPU-bound Monte Carlo) and
 * {@link io.taskgrid.examples.WordCount} (map over file chunks, reduce to the top words).
 */
package io.taskgrid.examples;
