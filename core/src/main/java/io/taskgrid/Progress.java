package io.taskgrid;

/**
 * A snapshot of a job's progress.
 *
 * @param total     how many subtasks the job has
 * @param succeeded how many have succeeded
 * @param failed    how many have failed for good (after their retries)
 * @param running   how many are running on workers now, as last reported by the coordinator
 * @param partial   the sum of the progress that running subtasks reported (each 0..1), so that
 *                  a job of a few long subtasks still shows movement
 */
public record Progress(int total, int succeeded, int failed, int running, double partial) {

    /** How many subtasks have reached a final state. */
    public int done() {
        return succeeded + failed;
    }

    /** How far the job has come, from 0.0 to 1.0, counting reported partial progress. */
    public double fraction() {
        if (total == 0) {
            return 1.0;
        }
        return Math.min(1.0, (done() + partial) / total);
    }

    @Override
    public String toString() {
        return done() + "/" + total + " done (" + succeeded + " succeeded, " + failed + " failed, "
                + running + " running)";
    }
}
