package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.internal.Require;

import java.util.List;

/**
 * What a send did: every message posted (one per part and peer) and every peer that refused one.
 *
 * <pre>{@code
 * SendResult r = chats.send(r -> r.peers(parentsOf7B).text(notice));
 * r.failed().forEach(f -> log.info("not delivered to {}: {}", f.peer(), f.error().remedy().orElse("")));
 * }</pre>
 *
 * @param idempotencyKey the request's key
 * @param parts how many parts the text was split into (1 for a short text)
 * @param sent the messages posted, in order of parts, then peers
 * @param failed the peers that refused a part (only when sending to several peers at once; a single peer's
 *     refusal is thrown instead)
 * @since 0.1.0
 */
public record SendResult(long idempotencyKey, int parts, List<SentMessage> sent, List<FailedDelivery> failed) {

    /**
     * Checks and copies.
     *
     * @param idempotencyKey the request's key
     * @param parts how many parts the text was split into (1 for a short text)
     * @param sent the messages posted, in order of parts, then peers
     * @param failed the peers that refused a part (only when sending to several peers at once; a single peer's
     *     refusal is thrown instead)
     * @throws IllegalArgumentException if {@code parts} is below 1
     */
    public SendResult {
        Require.atLeast(parts, 1, "parts");
        sent = List.copyOf(sent);
        failed = List.copyOf(failed);
    }

    /** {@return whether every peer got every part} */
    public boolean complete() {
        return failed.isEmpty();
    }

    /** {@return the posted messages whose ids the backend gave, in order; for a single peer, its parts in order} */
    public List<MessageRef> messages() {
        return sent.stream().flatMap(s -> s.message().stream()).toList();
    }
}
