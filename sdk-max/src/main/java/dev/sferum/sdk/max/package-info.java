/**
 * The MAX backend: {@link dev.sferum.sdk.max.MaxChats} builds the chat clients, {@link dev.sferum.sdk.max.MaxBotToken}
 * and sdk-core's {@link dev.sferum.sdk.core.ClientConfig} from {@link dev.sferum.sdk.max.MaxChats#defaultConfig()} (with
 * {@link dev.sferum.sdk.core.ServerTrust} for the Минцифры root CA) say who and where, {@link dev.sferum.sdk.max.MaxDeliveryConfig} how sends are made exactly once, and
 * {@link dev.sferum.sdk.max.MaxApiException} is MAX's error.
 *
 * <pre>{@code
 * MaxBotToken token = MaxBotToken.of(System.getenv("MAX_BOT_TOKEN"));
 * ChatClient chats = MaxChats.builder().token(token).buildClient();
 * }</pre>
 *
 * <p>Every type here is immutable and thread-safe unless its Javadoc says otherwise. No method accepts {@code null}
 * unless its Javadoc says so; a {@code null} where none is allowed fails at once with a
 * {@link java.lang.NullPointerException} naming the argument.
 */
package dev.sferum.sdk.max;
