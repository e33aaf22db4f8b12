package io.taskgrid.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits with a limit, for tests: a future that does not complete fails the test after a while,
 * saying what it waited for, instead of stalling the build. {@code CompletableFuture.join()} and
 * {@code get()} wait forever, and {@code join()} does not even notice the interrupt of JUnit's
 * timeout.
 */
public final class Waits {

    private Waits() {
    }

    /**
     * What {@code stage} completes with, as {@code join()} gives it (a failure as a
     * {@link CompletionException} with the failure as its cause, a cancellation as a
     * {@link java.util.concurrent.CancellationException}), waiting at most {@code seconds}.
     *
     * @param what what the future stands for, for the failure message: "the results of job X"
     * @throws AssertionError when it has not completed by then
     */
    public static <T> T join(CompletionStage<T> stage, long seconds, String what) {
        try {
            return stage.toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw notInTime(what, seconds, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(what, e);
        }
    }

    /**
     * What {@code future} completes with, as {@code get()} gives it (a failure as an
     * {@link ExecutionException}), waiting at most {@code seconds}.
     *
     * @throws AssertionError when it has not completed by then
     */
    public static <T> T get(Future<T> future, long seconds, String what) throws ExecutionException {
        try {
            return future.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw notInTime(what, seconds, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(what, e);
        }
    }

    /**
     * Runs {@code call} on a thread of its own and returns what it returns, waiting at most
     * {@code seconds}: for a call that blocks without a limit of its own, such as an example's
     * method that joins its job. A call still running by then is interrupted, and left behind.
     *
     * @throws AssertionError when it has not returned by then
     * @throws Exception      what {@code call} threw
     */
    public static <T> T call(long seconds, String what, Callable<T> call) throws Exception {
        FutureTask<T> task = new FutureTask<>(call);
        Thread thread = new Thread(task, "test call: " + what);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        } catch (TimeoutException e) {
            task.cancel(true);
            throw notInTime(what, seconds, e);
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw interrupted(what, e);
        }
    }

    private static AssertionError notInTime(String what, long seconds, TimeoutException e) {
        return new AssertionError("waited " + seconds + " s for " + what + ", in vain", e);
    }

    private static AssertionError interrupted(String what, InterruptedException e) {
        return new AssertionError("interrupted (by a test timeout?) while waiting for " + what, e);
    }
}
