/**
 * The VK API client, its configuration, tokens and listeners.
 *
 * <p>Start with {@link dev.sferum.sdk.core.ApiClient#builder()}. Every type here is immutable and thread-safe
 * unless its Javadoc says otherwise. No method accepts {@code null} unless its Javadoc says so; a {@code null}
 * where none is allowed fails at once with a {@link java.lang.NullPointerException} naming the argument.
 */
package dev.sferum.sdk.core;
