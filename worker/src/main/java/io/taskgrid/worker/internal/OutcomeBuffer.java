package io.taskgrid.worker.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Where pool threads leave outcomes for the agent. The first outcome after a drain sends the
 * agent one wake-up; outcomes that arrive before the agent drains ride along, so a burst of
 * tiny subtasks costs one message to the coordinator, not one each.
 */
final class OutcomeBuffer implements Consumer<Outcome> {

    private final ConcurrentLinkedQueue<Outcome> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeUpSent = new AtomicBoolean();
    private final Runnable wakeUp;

    OutcomeBuffer(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    @Override
    public void accept(Outcome outcome) {
        queue.add(outcome);
        if (wakeUpSent.compareAndSet(false, true)) {
            wakeUp.run();
        }
    }

    /** Takes everything buffered; called by the agent when woken. */
    List<Outcome> drain() {
        wakeUpSent.set(false);
        List<Outcome> drained = new ArrayList<>();
        for (Outcome outcome = queue.poll(); outcome != null; outcome = queue.poll()) {
            drained.add(outcome);
        }
        return drained;
    }
}
