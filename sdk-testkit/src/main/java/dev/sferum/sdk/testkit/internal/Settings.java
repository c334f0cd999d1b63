package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.FakeClock;
import dev.sferum.sdk.testkit.TokenKind;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The fake's configuration, fixed at start. Built and checked by {@code FakeVk.Builder}.
 *
 * @param bindAddress               address to listen on
 * @param port                      port, 0 for a free one
 * @param seed                      seed for generated ids and random faults
 * @param clock                     the fake clock
 * @param rateLimits                requests per window by token kind
 * @param rateLimitWindow           the sliding window
 * @param rateLimitsEnabled         whether error 6 is ever answered
 * @param accessTokenLifetime       VK ID access token lifetime
 * @param refreshTokenLifetime      VK ID refresh token lifetime
 * @param authorizationCodeLifetime VK ID authorization code lifetime
 * @param callbackMaxAttempts       attempts per Callback API event before giving up
 * @param callbackRetryDelay        pause between attempts
 * @param callbackTimeout           how long to wait for the receiver's answer
 * @param longPollHistory           events kept per community for Bots Long Poll
 * @param serverThreads             HTTP worker threads
 * @param apiVersion                the {@code v} of events unless a server or long poll sets another
 * @param strict                    whether requests are checked against VK's schema (strict mode)
 */
public record Settings(InetAddress bindAddress, int port, long seed, FakeClock clock,
        Map<TokenKind, Integer> rateLimits, Duration rateLimitWindow, boolean rateLimitsEnabled,
        Duration accessTokenLifetime, Duration refreshTokenLifetime, Duration authorizationCodeLifetime,
        int callbackMaxAttempts, Duration callbackRetryDelay, Duration callbackTimeout, int longPollHistory,
        int serverThreads, String apiVersion, boolean strict) {

    /** Copies the map and checks for nulls. */
    public Settings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(clock, "clock");
        rateLimits = Map.copyOf(rateLimits);
        Objects.requireNonNull(rateLimitWindow, "rateLimitWindow");
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        Objects.requireNonNull(refreshTokenLifetime, "refreshTokenLifetime");
        Objects.requireNonNull(authorizationCodeLifetime, "authorizationCodeLifetime");
        Objects.requireNonNull(callbackRetryDelay, "callbackRetryDelay");
        Objects.requireNonNull(callbackTimeout, "callbackTimeout");
        Objects.requireNonNull(apiVersion, "apiVersion");
    }
}
