package dev.sferum.sdk.chat.spi;

import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.OutboxEntry;
import dev.sferum.sdk.chat.OutboxFailure;
import dev.sferum.sdk.chat.OutboxRefusal;
import dev.sferum.sdk.chat.ResendResult;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How every backend's chat ops settle an outbox entry that failed: the one rule, so the contract stays uniform.
 *
 * @since 0.1.0
 */
public final class OutboxRefusals {
    private static final Logger log = LoggerFactory.getLogger(OutboxRefusals.class);

    private OutboxRefusals() {
    }

    /**
     * Settles an entry whose send failed: it stays pending if {@link #keepPending} says it may still succeed, else
     * it is recorded as refused for good. Logged at DEBUG with the key and the failure (its category and message).
     *
     * @param outbox the outbox it is in
     * @param entry the entry
     * @param at now, for the refusal's time
     * @param error how the send failed
     */
    public static void settleFailure(MessageOutbox outbox, OutboxEntry entry, Instant at, Throwable error) {
        if (!keepPending(error)) {
            outbox.refuse(of(entry, at, error));
            log.debug("send key={} refused for good: {}", entry.key(), describe(error));
        } else {
            log.debug("send key={} stays pending: {}", entry.key(), describe(error));
        }
    }

    private static String describe(Throwable e) {
        return e instanceof SferumException s ? s.category() + " " + s.getMessage() : e.getClass().getName();
    }

    /**
     * Whether a send that failed this way may still succeed later with the same key.
     *
     * @param error the failure
     * @return true to keep the entry pending
     */
    public static boolean keepPending(Throwable error) {
        if (error instanceof SferumException s) {
            return switch (s.category()) {
                case TRANSIENT, THROTTLED, TOKEN, OUTCOME_UNKNOWN -> true;
                case NEEDS_HUMAN, PERMISSION, INVALID_INPUT, NOT_FOUND, CONFLICT, NOT_SUPPORTED -> false;
            };
        }
        return !(error instanceof IllegalArgumentException);
    }

    /**
     * Makes the record of a refused outbox entry.
     *
     * @param entry the entry refused
     * @param at now
     * @param error the refusal, one {@link #keepPending} says no to
     * @return the record to keep
     */
    public static OutboxRefusal of(OutboxEntry entry, Instant at, Throwable error) {
        ErrorCategory category = error instanceof SferumException s ? s.category() : ErrorCategory.INVALID_INPUT;
        int code = error instanceof ApiException a ? a.errorCode() : 0;
        String reason = error instanceof SferumException s ? s.getMessage()
                : error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return new OutboxRefusal(entry, at, category, code, reason);
    }

    /**
     * Re-sends outbox entries oldest first, one at a time, the same way on every backend: an entry that fails in a
     * way that may still pass stays pending and ends the run (the rest wait for the next one); an entry refused for
     * good is recorded as refused (unless the backend already did) and the run goes on.
     *
     * @param steps the backend's steps, sync or async
     * @param pending the entries, oldest first
     * @param outbox the outbox they are in
     * @param clock for the refusal's time
     * @param deliver delivers one entry
     * @return what happened
     */
    public static Flow<ResendResult> resend(FlowSteps steps, List<OutboxEntry> pending, MessageOutbox outbox, Clock clock,
            Function<OutboxEntry, Flow<SendResult>> deliver) {
        return resend(steps, pending, 0, outbox, clock, deliver, new ArrayList<>(), new ArrayList<>());
    }

    private static Flow<ResendResult> resend(FlowSteps steps, List<OutboxEntry> pending, int i, MessageOutbox outbox, Clock clock,
            Function<OutboxEntry, Flow<SendResult>> deliver, List<SendResult> sent, List<OutboxFailure> failed) {
        if (i == pending.size()) {
            return steps.done(new ResendResult(sent, failed, 0));
        }
        OutboxEntry entry = pending.get(i);
        Flow<Boolean> one = steps.defer(() -> deliver.apply(entry)).map(r -> {
            sent.add(r);
            return true;
        }).recover(e -> {
            boolean kept = keepPending(e);
            if (!kept && outbox.refused().stream().noneMatch(x -> x.key() == entry.key())) {
                outbox.refuse(of(entry, clock.instant(), e));    // refused before any call (a bad request)
            }
            failed.add(new OutboxFailure(entry, e, kept));
            return steps.done(!kept);
        });
        return one.then(goOn -> goOn
                ? resend(steps, pending, i + 1, outbox, clock, deliver, sent, failed)
                : steps.done(new ResendResult(sent, failed, pending.size() - i - 1)));
    }
}
