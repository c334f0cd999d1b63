package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.Transport;
import dev.sferum.sdk.core.exception.SferumException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * How one backend speaks HTTP — the only part of a call that differs between the VK API, the MAX Bot API and VK ID:
 * how a request becomes a {@link Transport.Exchange}, what its errors hint to the retry rules, how a failed exchange
 * is typed, and which rate budget a credential draws on. {@link CallPipeline} does everything else, once for all.
 * Decoding an answer is per call ({@link Decoder}), since the result type is.
 *
 * @param <Q> the backend's request
 * @param <C> the backend's credential ({@code Void} for calls that carry none)
 */
public interface Wire<Q, C> {

    /**
     * @param request the call
     * @return the call as logs, listeners and exceptions name it ({@code messages.send}, {@code POST /messages})
     */
    String operation(Q request);

    /**
     * Encodes one attempt.
     *
     * @param request the call
     * @param credential the credential, or {@code null} for a call that carries none
     * @param timeout the attempt timeout
     * @return the exchange
     * @throws RuntimeException if the request cannot go out (a host other than the configured one); typed by
     *     {@link #failure}
     */
    Transport.Exchange encode(Q request, C credential, Duration timeout);

    /**
     * @param failure a failed attempt
     * @return what it tells the retry rules
     */
    RetryHint hint(SferumException failure);

    /**
     * @param failure a failed attempt
     * @return whether the server refused it as too many requests, which should slow the credential's budget
     */
    boolean refusal(SferumException failure);

    /**
     * Types an exchange that failed before an answer (or an answer past the size limit), with this backend's remedies.
     *
     * @param operation the call
     * @param error what the transport threw
     * @param timeout the attempt timeout, for the message
     * @return the typed failure
     */
    SferumException failure(String operation, Throwable error, Duration timeout);

    /**
     * @param credential the credential
     * @return its kind, for the kind check, the budget and listeners
     */
    TokenKind kind(C credential);

    /**
     * @param credential the credential
     * @return its fingerprint, for logs and listeners
     */
    String fingerprint(C credential);

    /**
     * @param credential the credential
     * @return the key of its rate budget
     */
    default String budgetKey(C credential) {
        return fingerprint(credential);
    }

    /**
     * Offers the call to this backend's coalescing (VK's {@code execute} batches).
     *
     * @param request the call
     * @param credential the credential
     * @return the call's own outcome, for its {@link Decoder}, or {@code null} to make the exchange alone
     */
    default CompletableFuture<?> coalesce(Q request, C credential) {
        return null;
    }

    /** {@return how long a coalesced call may wait for its batch beyond its attempt timeout} */
    default Duration coalesceWindow() {
        return Duration.ZERO;
    }

    /**
     * Turns what an attempt produced into the call's result.
     *
     * @param <T> the result
     */
    @FunctionalInterface
    interface Decoder<T> {
        /**
         * @param outcome a {@link Transport.Response}, or what {@link Wire#coalesce} completed with
         * @return the result
         * @throws SferumException for an error answer, typed by the backend
         */
        T decode(Object outcome);
    }
}
