package dev.sferum.sdk.max;

import dev.sferum.sdk.core.internal.Require;

import java.time.Duration;

/**
 * How the MAX backend sends exactly once without an idempotency key. MAX has nothing like VK's {@code random_id}, so
 * the SDK writes an invisible marker (33 zero-width characters) at the end of every message it sends, and when a send's
 * outcome is unknown (the connection broke, the attempt timed out, MAX answered 5xx) it reads the chat's recent
 * messages for that marker <em>before</em> any resend: found, the message is counted as sent; not found, it is sent
 * again with the same marker.
 *
 * <pre>{@code
 * MaxChats.builder().token(token).delivery(MaxDeliveryConfig.builder().settleDelay(Duration.ofSeconds(2)).build());
 * MaxChats.builder().token(token).delivery(MaxDeliveryConfig.atMostOnce());   // no markers, never resend
 * }</pre>
 *
 * <p><b>What is guaranteed.</b> A message is never posted twice by the SDK's retries or by
 * {@code resendPending()}, provided that (1) MAX keeps the marker in the stored text (checked on every successful
 * send: if MAX ever strips it, the client logs a warning once and from then on fails unknown outcomes with
 * {@code OUTCOME_UNKNOWN} instead of resending), (2) a message MAX accepted is visible in {@code GET /messages} of
 * its chat once {@link #settleDelay()} has passed [unverified: MAX does not document read-after-write], (3) the bot
 * may read the chat's messages, and (4) the message is still among the chat's messages since the attempt began (minus
 * {@link #clockSkew()}) within {@link #checkPages()} pages of 100. When any of these cannot be established — the read
 * fails, the window is not reached within the page limit, the dialog's chat id is not known for a direct message —
 * the send fails with {@code OUTCOME_UNKNOWN} and stays in the outbox: never a blind resend.
 *
 * <p><b>What is not guaranteed.</b> A message deleted (by anyone) between the lost answer and the check is sent
 * again. A request sent again after it was settled is recognised only within the same client, among its last
 * {@link #rememberSettled()} settled requests: MAX keeps no key on its side, so across restarts only requests still
 * in the outbox are protected. The marker costs {@value #MARKER_LENGTH} of MAX's 4,000 characters per message, and
 * travels with the text if a person copies it (the check only counts messages whose sender is a bot).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class MaxDeliveryConfig {
    /** The marker's length in characters: {@value}. */
    public static final int MARKER_LENGTH = 33;

    private static final MaxDeliveryConfig DEFAULTS = builder().build();
    private static final MaxDeliveryConfig AT_MOST_ONCE = builder().markers(false).build();

    private final boolean markers;
    private final Duration settleDelay;
    private final int checkPages;
    private final Duration clockSkew;
    private final int rememberSettled;

    private MaxDeliveryConfig(Builder b) {
        this.markers = b.markers;
        this.settleDelay = b.settleDelay;
        this.checkPages = b.checkPages;
        this.clockSkew = b.clockSkew;
        this.rememberSettled = b.rememberSettled;
    }

    /** {@return the defaults: markers on, a 1 s settle delay, up to 5 pages checked, 2 min of clock skew, 10,000 settled requests remembered} */
    public static MaxDeliveryConfig defaults() {
        return DEFAULTS;
    }

    /**
     * No markers and no delivery check: a send whose outcome is unknown fails with {@code OUTCOME_UNKNOWN} and is never
     * resent by the SDK (so never duplicated, but possibly lost), and {@code resendPending()} sends pending requests
     * as new messages. For chats where invisible characters in texts are not acceptable.
     *
     * @return the configuration
     */
    public static MaxDeliveryConfig atMostOnce() {
        return AT_MOST_ONCE;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return whether messages carry the SDK's marker (and unknown outcomes are resolved by a check)} */
    public boolean markers() {
        return markers;
    }

    /** {@return how long to wait after an unknown outcome before reading the chat} */
    public Duration settleDelay() {
        return settleDelay;
    }

    /** {@return the most pages of 100 messages one check reads} */
    public int checkPages() {
        return checkPages;
    }

    /** {@return how far before the attempt's start the check looks, for a clock that differs from MAX's} */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** {@return how many settled requests the client remembers, so sending one again posts nothing} */
    public int rememberSettled() {
        return rememberSettled;
    }

    @Override
    public String toString() {
        return markers ? "MaxDeliveryConfig[markers, settleDelay=" + settleDelay + ", checkPages=" + checkPages + ", clockSkew=" + clockSkew
                + ", rememberSettled=" + rememberSettled + "]" : "MaxDeliveryConfig[at most once]";
    }

    /** Builds a {@link MaxDeliveryConfig}. Not thread-safe. */
    public static final class Builder {
        private boolean markers = true;
        private Duration settleDelay = Duration.ofSeconds(1);
        private int checkPages = 5;
        private Duration clockSkew = Duration.ofMinutes(2);
        private int rememberSettled = 10_000;

        private Builder() {
        }

        /**
         * Sets whether to write markers and resolve unknown outcomes.
         *
         * @param markers whether to write markers and resolve unknown outcomes; default true. False is
         *     {@link #atMostOnce()}
         * @return this builder
         */
        public Builder markers(boolean markers) {
            this.markers = markers;
            return this;
        }

        /**
         * Sets how long to wait after an unknown outcome before reading the chat, zero or more.
         *
         * @param delay how long to wait after an unknown outcome before reading the chat, zero or more; default 1 s.
         *     Raise it if MAX shows new messages late
         * @return this builder
         */
        public Builder settleDelay(Duration delay) {
            this.settleDelay = Require.notNegative(delay, "settleDelay");
            return this;
        }

        /**
         * Sets the most pages of 100 messages one check reads, 1 to 50.
         *
         * @param pages the most pages of 100 messages one check reads, 1 to 50; default 5. Raise it for very busy
         *     chats, where more than 500 messages may arrive between a send and its check
         * @return this builder
         */
        public Builder checkPages(int pages) {
            this.checkPages = Require.between(pages, 1, 50, "checkPages");
            return this;
        }

        /**
         * Sets how far before the attempt's start the check looks, zero or more.
         *
         * @param skew how far before the attempt's start the check looks, zero or more; default 2 min. Raise it if
         *     this machine's clock may run ahead of MAX's
         * @return this builder
         */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = Require.notNegative(skew, "clockSkew");
            return this;
        }

        /**
         * Sets how many settled requests to remember, 0 or more.
         *
         * @param count how many settled requests to remember, 0 or more; default 10,000 (a few hundred KB)
         * @return this builder
         */
        public Builder rememberSettled(int count) {
            this.rememberSettled = Require.notNegative(count, "rememberSettled");
            return this;
        }

        /** {@return the configuration} */
        public MaxDeliveryConfig build() {
            return new MaxDeliveryConfig(this);
        }
    }
}
