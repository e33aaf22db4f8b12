package io.taskgrid.coordinator.internal;

import io.taskgrid.cluster.CoordinatorMessage;
import io.taskgrid.cluster.WorkerMessage;
import io.taskgrid.coordinator.internal.JobManagerSignals.WorkerTerminated;
import io.taskgrid.coordinator.scheduling.Instruction;
import io.taskgrid.coordinator.scheduling.SchedulerEvent;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * The job manager's dealings with workers as members: who may register, what a new one is told,
 * and the carrying out of the scheduler's decisions to drain a worker or forget one. On the job
 * manager's thread.
 */
final class WorkerRegistrations {

    private static final Logger log = LoggerFactory.getLogger(JobManager.class);

    private final ActorContext<CoordinatorMessage> context;
    private final JobManagerStart.Parts parts;
    private final Function<SchedulerEvent, Behavior<CoordinatorMessage>> scheduler;
    private final Workers workers;
    private final String selfRef;

    WorkerRegistrations(ActorContext<CoordinatorMessage> context, JobManagerStart.Parts parts,
                        Function<SchedulerEvent, Behavior<CoordinatorMessage>> scheduler) {
        this.context = context;
        this.parts = parts;
        this.scheduler = scheduler;
        ActorRefResolver resolver = ActorRefResolver.get(context.getSystem());
        this.workers = new Workers(resolver);
        this.selfRef = resolver.toSerializationFormat(context.getSelf());
    }

    Workers workers() {
        return workers;
    }

    /** A worker asks to join (again, if it repeats itself until it hears back). */
    Behavior<CoordinatorMessage> onRegister(CoordinatorMessage.RegisterWorker register) {
        String refusal = Workers.whyRefuse(register, parts.token());
        if (refusal != null) {
            log.warn("Refusing worker {} (host {}, pid {}): {}", register.workerRef(), register.host(), register.pid(),
                    refusal);
            workers.refuse(register.workerRef(), "the coordinator refused this worker: " + refusal);
            return Behaviors.same();
        }
        Workers.Registration registration = workers.register(register);
        Workers.Worker worker = registration.worker();
        if (registration.isNew()) {
            context.watchWith(worker.ref(), new WorkerTerminated(worker.id()));
            log.info("Worker {} joined: host {}, pid {}, {} threads, {} async slots", worker.id(), register.host(),
                    register.pid(), register.threads(), register.asyncSlots());
            scheduler.apply(new SchedulerEvent.WorkerJoined(worker.id(), register.threads(), register.asyncSlots()));
        }
        worker.ref().tell(new WorkerMessage.WorkerRegistered(worker.id(), parts.coordinatorId(), selfRef,
                parts.artifactServerRef()));
        return Behaviors.same();
    }

    void drain(Instruction.DrainWorker drain) {
        Workers.Worker worker = workers.get(drain.workerId());
        if (worker != null) {
            log.info("Worker {} drains (asked by {}): it finishes its {} subtasks and leaves [s{}]", worker.id(),
                    drain.requestedBy(), drain.held(), drain.stimulus());
            worker.ref().tell(new WorkerMessage.Drain(drain.requestedBy()));
        }
    }

    void forget(Instruction.ForgetWorker forget) {
        if (workers.remove(forget.workerId()) == null) {
            return;
        }
        if (forget.drained()) {
            log.info("Worker {} drained and left [s{}]", forget.workerId(), forget.stimulus());
        } else {
            log.info("Worker {} left; {} subtasks it held go back to pending [s{}]", forget.workerId(),
                    forget.returned(), forget.stimulus());
        }
    }
}
