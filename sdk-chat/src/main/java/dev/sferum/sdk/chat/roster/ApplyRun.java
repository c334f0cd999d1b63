package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@link RosterSync#apply} run: the steps of each class in plan order, a class whose step failed in a way that
 * may pass put aside until its back-off has passed (other classes go on meanwhile, or the class waits until they are
 * done), at most {@link RosterSyncConfig#maxTriesPerClass()} tries per class, and a stop only for what going on
 * cannot help: the token, a person's check, the service down (a Resilience4j circuit breaker over the calls of all
 * classes), the apply's deadline, an interrupt.
 *
 * <p>With concurrency 1 the first pass runs the steps in plan order on the calling thread (a step of a class put
 * aside waits with its class); the classes put aside then run on the same thread as their back-off passes. With
 * more, that many threads of the run's own each take a due retry, else the next class not started, else wait.
 */
final class ApplyRun {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.chat.roster");
    /** The longest a worker waits at once for a retry to come due, so it notices a stop or new work soon. */
    private static final long MAX_NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    /** Runs one try of a step: returns when the step ended (refusals recorded on it), throws what may pass or stops. */
    interface Runner {
        void run(StepWork w);
    }

    /** One class's steps and tries. Guarded by the run's lock while queued; confined to one worker while it runs. */
    private static final class ClassRun {
        final String classId;
        final int[] steps;
        int next;
        int tries;
        int retries;
        boolean exhausted;
        long dueNanos;
        SferumException last;

        ClassRun(String classId, List<Integer> steps) {
            this.classId = classId;
            this.steps = steps.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private final List<RosterStep> steps;
    private final RosterProgressListener listener;
    private final Runner runner;
    private final RosterSyncConfig config;
    private final TimeSource time;
    private final CircuitBreaker circuit;
    private final IntervalFunction backoff;
    private final boolean hasDeadline;
    private final long deadlineNanos;
    private final StepWork[] works;
    private final StepResult[] done;
    private final List<ClassRun> classes;
    private final ClassRun[] classOf;
    private final Object lock = new Object();
    private final PriorityQueue<ClassRun> waiting = new PriorityQueue<>(Comparator.comparingLong(c -> c.dueNanos));
    private List<ClassRun> fresh = List.of();
    private int nextFresh;
    private int inFlight;
    private volatile RosterStop stop;
    private volatile Throwable fatal;
    /** The last failure that may pass, of any class: the cause given when the deadline stops the apply. */
    private volatile SferumException lastFailure;
    /**
     * The root causes of the latest failures the circuit counted, by identity: the calls of one batched request
     * ({@code execute}) fail with one exception, and one failed request is one observation of the service, not 25.
     */
    private final Map<Throwable, Boolean> counted = new java.util.IdentityHashMap<>();
    private final java.util.ArrayDeque<Throwable> countedOrder = new java.util.ArrayDeque<>();

    ApplyRun(List<RosterStep> steps, RosterProgressListener listener, Runner runner, RosterSyncConfig config, TimeSource time) {
        this.steps = steps;
        this.listener = new SerialListener(listener);
        this.runner = runner;
        this.config = config;
        this.time = time;
        int threshold = config.circuitBreakerThreshold();
        this.circuit = CircuitBreaker.of("sferum-roster-apply", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(threshold)
                .minimumNumberOfCalls(threshold)
                .failureRateThreshold(100f)
                .slowCallRateThreshold(100f)
                .writableStackTraceEnabled(false)
                .build());
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(config.retryBackoff(), 2.0, 0.5, config.maxRetryBackoff());
        long start = time.nanoTime();
        this.hasDeadline = config.deadline().isPresent();
        this.deadlineNanos = hasDeadline ? start + config.deadline().get().toNanos() : 0;
        this.works = new StepWork[steps.size()];
        this.done = new StepResult[steps.size()];
        this.classOf = new ClassRun[steps.size()];
        Map<String, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            byClass.computeIfAbsent(steps.get(i).classId(), k -> new ArrayList<>()).add(i);
        }
        List<ClassRun> all = new ArrayList<>();
        byClass.forEach((id, list) -> {
            ClassRun c = new ClassRun(id, list);
            all.add(c);
            for (int i : c.steps) {
                classOf[i] = c;
            }
        });
        this.classes = List.copyOf(all);
    }

    /** Runs the plan with {@code threads} classes at once, then says what happened. */
    RosterApplyResult run(int threads) {
        if (threads <= 1) {
            firstPass();
            drain();
        } else {
            fresh = classes;
            concurrently(Math.min(threads, classes.size()));
        }
        Throwable f = fatal;
        if (f instanceof RuntimeException e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
        return result();
    }

    /** Concurrency 1: every step in plan order; a class put aside keeps its later steps for when it is retried. */
    private void firstPass() {
        for (int i = 0; i < steps.size(); i++) {
            if (stopping()) {
                return;
            }
            ClassRun c = classOf[i];
            if (c.exhausted || c.tries > 0 || c.steps[c.next] != i) {
                continue;
            }
            if (attempt(c, i)) {
                c.next++;
            }
        }
    }

    private void concurrently(int n) {
        List<Thread> threads = new ArrayList<>(n);
        for (int t = 0; t < n; t++) {
            Thread thread = new Thread(this::drain, "sferum-roster-apply-" + (t + 1));
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    if (!interrupted) {
                        interrupted = true;
                        stop(RosterStop.Reason.INTERRUPTED, "the apply was interrupted; the steps running then were stopped", null);
                        threads.forEach(Thread::interrupt);
                    }
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes due retries and classes not started until there is nothing left or the apply stops. */
    private void drain() {
        while (true) {
            ClassRun c = null;
            long nap = 0;
            synchronized (lock) {
                if (stopping()) {
                    return;
                }
                long now = time.nanoTime();
                ClassRun head = waiting.peek();
                if (head != null && head.dueNanos - now <= 0) {
                    c = waiting.poll();
                } else if (nextFresh < fresh.size()) {
                    c = fresh.get(nextFresh++);
                } else if (head == null) {
                    if (inFlight == 0) {
                        return;
                    }
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        interrupted();
                        return;
                    }
                    continue;
                } else if (hasDeadline && head.dueNanos - deadlineNanos > 0 && inFlight == 0) {
                    stop(RosterStop.Reason.DEADLINE, "the apply's deadline of " + config.deadline().get() + " comes before the next "
                            + "retry (class " + head.classId + ")", head.last);
                    return;
                } else {
                    nap = Math.min(head.dueNanos - now, MAX_NAP_NANOS);
                }
                if (c != null) {
                    inFlight++;
                }
            }
            if (c == null) {
                try {
                    time.sleep(Duration.ofNanos(nap));
                } catch (InterruptedException e) {
                    interrupted();
                    return;
                }
                continue;
            }
            try {
                runClass(c);
            } catch (RuntimeException | Error e) {
                fail(e);
            } finally {
                synchronized (lock) {
                    inFlight--;
                    lock.notifyAll();
                }
            }
        }
    }

    private void runClass(ClassRun c) {
        while (c.next < c.steps.length) {
            if (stopping()) {
                return;
            }
            if (!attempt(c, c.steps[c.next])) {
                return;
            }
            c.next++;
        }
    }

    /**
     * One try of step {@code i}.
     *
     * @return true when the step ended; false when it was put aside for a retry, its class gave up, or the apply stops
     */
    private boolean attempt(ClassRun c, int i) {
        RosterStep step = steps.get(i);
        int total = steps.size();
        StepWork w = works[i];
        if (w == null) {
            w = new StepWork(step, i, adopted -> listener.chatReconciled(step, i, total, adopted));
            works[i] = w;
            listener.stepStarted(step, i, total);
        }
        int before = w.calls;
        try {
            runner.run(w);
        } catch (SferumException e) {
            return failed(c, i, w, before, e);
        }
        for (int k = before; k < w.calls; k++) {
            circuit.onSuccess(0, TimeUnit.NANOSECONDS);
        }
        finish(i, w.result());
        return true;
    }

    private void finish(int i, StepResult r) {
        RosterStep step = steps.get(i);
        done[i] = r;
        log.debug("roster step {}/{} {} {}: {}", i + 1, steps.size(), step.getClass().getSimpleName(), step.classId(), r.status());
        listener.stepFinished(step, r, i, steps.size());
    }

    private boolean failed(ClassRun c, int i, StepWork w, int before, SferumException e) {
        RosterStep step = steps.get(i);
        c.last = e;
        lastFailure = e;
        if (Thread.currentThread().isInterrupted() || e instanceof TransportException t && t.failure() == TransportException.Failure.INTERRUPTED) {
            interrupted();
            return false;
        }
        switch (e.category()) {
            case TOKEN -> {
                stop(RosterStop.Reason.TOKEN, "the token was refused (" + e.getMessage() + "); get a new token, then run again", e);
                return false;
            }
            case NEEDS_HUMAN -> {
                stop(RosterStop.Reason.NEEDS_HUMAN, "the service wants a person to act (" + e.getMessage() + "); do it, then run again", e);
                return false;
            }
            case TRANSIENT, THROTTLED, OUTCOME_UNKNOWN -> {
            }
            case PERMISSION, INVALID_INPUT, NOT_FOUND, CONFLICT, NOT_SUPPORTED -> {
                w.error = e;
                finish(i, w.result());
                return true;
            }
        }
        for (int k = before; k < w.calls - 1; k++) {
            circuit.onSuccess(0, TimeUnit.NANOSECONDS);
        }
        if (firstSeen(e)) {
            circuit.onError(0, TimeUnit.NANOSECONDS, e);
        }
        if (circuit.getState() == CircuitBreaker.State.OPEN) {
            stop(RosterStop.Reason.SERVICE_DOWN, config.circuitBreakerThreshold() + " calls in a row failed across classes, the last "
                    + "with: " + e.getMessage() + "; the service looks down, run again when it is back", e);
            return false;
        }
        c.tries++;
        if (c.tries >= config.maxTriesPerClass()) {
            c.exhausted = true;
            w.error = e;
            finish(i, w.result());
            log.debug("class {}: gave up after {} tries: {}", c.classId, c.tries, e.getMessage());
            return false;
        }
        Duration wait = Duration.ofMillis(backoff.apply(mostCallsSucceed() ? 1 : c.tries));
        if (e.category() == ErrorCategory.THROTTLED) {
            Duration slow = config.retryBackoff().multipliedBy(4);
            wait = wait.compareTo(slow) < 0 ? slow : wait;
        }
        c.retries++;
        log.debug("class {}: step {} failed ({}), retry {} in {} ms", c.classId, i + 1, e.category(), c.retries, wait.toMillis());
        listener.stepRetrying(step, i, steps.size(), c.retries, e, wait);
        synchronized (lock) {
            c.dueNanos = time.nanoTime() + wait.toNanos();
            waiting.add(c);
            lock.notifyAll();
        }
        return false;
    }

    /**
     * Whether most of the latest calls across classes succeeded (the circuit's window, once it holds at least a fifth
     * of its size): the failures are then random faults of a working service, and a class retries after the first
     * back-off however often it failed. Only while failures dominate does its back-off grow with its tries; the
     * circuit stops the apply if they all fail.
     */
    private boolean mostCallsSucceed() {
        CircuitBreaker.Metrics m = circuit.getMetrics();
        int calls = m.getNumberOfBufferedCalls();
        return calls >= Math.max(2, config.circuitBreakerThreshold() / 5) && m.getNumberOfFailedCalls() * 2 < calls;
    }

    /** Whether this failure's root cause is new, not one more call of a request whose failure was already counted. */
    private boolean firstSeen(SferumException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        synchronized (lock) {
            if (counted.putIfAbsent(root, Boolean.TRUE) != null) {
                return false;
            }
            countedOrder.addLast(root);
            if (countedOrder.size() > 256) {
                counted.remove(countedOrder.removeFirst());
            }
            return true;
        }
    }

    /** Whether no new step may start: the apply stops, or its deadline passed (which stops it). */
    private boolean stopping() {
        if (stop == null && fatal == null && hasDeadline && time.nanoTime() - deadlineNanos >= 0) {
            stop(RosterStop.Reason.DEADLINE, "the apply's deadline of " + config.deadline().get() + " passed", lastFailure);
        }
        return stop != null || fatal != null;
    }

    private void interrupted() {
        Thread.currentThread().interrupt();
        stop(RosterStop.Reason.INTERRUPTED, "the apply was interrupted", null);
    }

    private void stop(RosterStop.Reason reason, String message, SferumException cause) {
        RosterStop s;
        synchronized (lock) {
            if (stop != null) {
                return;
            }
            s = new RosterStop(reason, message, cause);
            stop = s;
            lock.notifyAll();
        }
        log.debug("roster apply stops: {}", s);
        listener.applyStopped(s);
    }

    private void fail(Throwable e) {
        synchronized (lock) {
            if (fatal == null) {
                fatal = e;
            } else if (fatal != e) {
                fatal.addSuppressed(e);
            }
            lock.notifyAll();
        }
    }

    private RosterApplyResult result() {
        List<StepResult> results = new ArrayList<>(steps.size());
        List<PendingInvite> invites = new ArrayList<>();
        int calls = 0;
        for (int i = 0; i < steps.size(); i++) {
            StepResult r = done[i];
            if (r == null) {
                SferumException why = classOf[i].last;
                r = works[i] == null ? new StepResult(steps.get(i), StepStatus.NOT_RUN, null, 0, List.of(), null, why) : works[i].notRun(why);
                done[i] = r;
            }
            results.add(r);
            calls += r.apiCalls();
            r.invite().ifPresent(invites::add);
        }
        List<ClassResult> out = new ArrayList<>(classes.size());
        for (ClassRun c : classes) {
            out.add(classResult(c));
        }
        return new RosterApplyResult(results, invites, calls, out, stop);
    }

    private ClassResult classResult(ClassRun c) {
        int reconciliations = 0;
        boolean notRun = false;
        boolean changed = false;
        StepResult failed = null;
        StepResult partial = null;
        boolean skipped = false;
        for (int i : c.steps) {
            StepResult r = done[i];
            if (works[i] != null) {
                reconciliations += works[i].reconciliations;
            }
            switch (r.status()) {
                case NOT_RUN -> notRun = true;
                case FAILED -> failed = failed == null ? r : failed;
                case PARTIAL -> partial = partial == null ? r : partial;
                case SKIPPED -> skipped = true;
                case DONE -> changed = true;
                case ALREADY_DONE -> {
                }
            }
        }
        ClassStatus status;
        String reason = "";
        SferumException error = null;
        if (c.exhausted) {
            status = ClassStatus.NEEDS_PERSON;
            error = c.last;
            reason = "failed on all " + c.tries + " tries, the last with: " + c.last.getMessage() + "; check the service, then run again";
        } else if (notRun) {
            status = ClassStatus.STOPPED;
            error = c.last;
            reason = "the apply stopped" + (stop != null ? " (" + stop.reason() + ")" : "") + " before this class was done; run again to resume";
        } else if (failed != null) {
            status = ClassStatus.NEEDS_PERSON;
            error = failed.error().orElse(null);
            reason = error == null ? "a step failed" : error.getMessage() + error.remedy().map(r -> "; " + r).orElse("");
        } else if (partial != null) {
            status = ClassStatus.NEEDS_PERSON;
            MemberFailure first = partial.memberFailures().get(0);
            error = first.error();
            reason = partial.memberFailures().size() + " member(s) could not be handled, e.g. " + first.member() + ": "
                    + first.error().getMessage();
        } else if (skipped) {
            status = ClassStatus.NEEDS_PERSON;
            reason = "the class's chat changed while applying; plan again";
        } else if (reconciliations > 0) {
            status = ClassStatus.RECONCILED;
        } else {
            status = changed ? ClassStatus.DONE : ClassStatus.ALREADY_DONE;
        }
        return new ClassResult(c.classId, status, c.retries, reconciliations, reason, error);
    }

    /** Calls the caller's listener one event at a time, whichever thread reports. */
    private static final class SerialListener implements RosterProgressListener {
        private final RosterProgressListener delegate;

        SerialListener(RosterProgressListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized void stepStarted(RosterStep step, int index, int total) {
            delegate.stepStarted(step, index, total);
        }

        @Override
        public synchronized void stepFinished(RosterStep step, StepResult result, int index, int total) {
            delegate.stepFinished(step, result, index, total);
        }

        @Override
        public synchronized void stepRetrying(RosterStep step, int index, int total, int retry, SferumException cause, Duration after) {
            delegate.stepRetrying(step, index, total, retry, cause, after);
        }

        @Override
        public synchronized void chatReconciled(RosterStep step, int index, int total, Optional<PeerId> adopted) {
            delegate.chatReconciled(step, index, total, adopted);
        }

        @Override
        public synchronized void applyStopped(RosterStop stop) {
            delegate.applyStopped(stop);
        }
    }
}
