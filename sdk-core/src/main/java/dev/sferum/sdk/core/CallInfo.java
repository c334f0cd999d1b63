package dev.sferum.sdk.core;

/**
 * Identifies one call for {@link RequestListener}s and logs: never the token itself, only its fingerprint.
 *
 * @param callId a number unique within the client, to pair events of one call
 * @param method the VK method, such as {@code messages.send}, or on MAX the operation, such as
 *     {@code POST /messages}
 * @param tokenKind the kind of token used ({@link TokenKind#BOT} on MAX), or {@code null} if none was resolved yet
 * @param tokenFingerprint the token's fingerprint, or {@code null} if none was resolved yet
 * @since 0.1.0
 */
public record CallInfo(long callId, String method, TokenKind tokenKind, String tokenFingerprint) {
}
