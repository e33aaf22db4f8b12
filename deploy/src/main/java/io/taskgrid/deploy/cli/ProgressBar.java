package io.taskgrid.deploy.cli;

import io.taskgrid.Progress;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A one-line progress bar on a terminal, redrawn a few times a second. It appears only once the
 * work has taken more than a moment, and erases itself when the work is done.
 */
final class ProgressBar implements AutoCloseable {

    private static final long SHOW_AFTER_MILLIS = 500;
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final Supplier<Progress> progress;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "taskgrid-progress");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean drawn;

    ProgressBar(PrintStream out, Supplier<Progress> progress) {
        this.out = out;
        this.progress = progress;
        timer.scheduleAtFixedRate(this::draw, SHOW_AFTER_MILLIS, 200, TimeUnit.MILLISECONDS);
    }

    private void draw() {
        Progress now = progress.get();
        if (now.total() == 0) {
            return;
        }
        out.print("\r" + render(now, (System.nanoTime() - startNanos) / 1e9) + "\u001b[K");
        out.flush();
        drawn = true;
    }

    /** The bar's text, such as {@code [=========>          ]  45%  450/1000 subtasks  1.2 s}. */
    static String render(Progress progress, double seconds) {
        double fraction = progress.fraction();
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled - 1 || (i == filled - 1 && fraction >= 1.0) ? '=' : i == filled - 1 ? '>' : ' ');
        }
        bar.append(String.format("] %3d%%  %d/%d subtasks", (int) (fraction * 100), progress.done(), progress.total()));
        if (progress.failed() > 0) {
            bar.append(", ").append(progress.failed()).append(" failed");
        }
        return bar.append(String.format("  %.1f s", seconds)).toString();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drawn) {
            out.print("\r\u001b[K");
            out.flush();
        }
    }
}
