package dev.sferum.sdk.chat;

import java.util.List;
import java.util.Objects;

/**
 * A new chat.
 *
 * @param chat the chat just created (a chat peer, never a user or community)
 * @param addedPeers the peers the backend reported as added with it (VK's {@code peer_ids}); empty when the
 *     backend does not say, so list the members to know for sure
 * @since 0.1.0
 */
public record CreateChatResult(PeerId chat, List<PeerId> addedPeers) {

    /**
     * Checks and copies.
     *
     * @param chat the chat just created (a chat peer, never a user or community)
     * @param addedPeers the peers the backend reported as added with it (VK's {@code peer_ids}); empty when the
     *     backend does not say, so list the members to know for sure
     * @throws IllegalArgumentException if {@code chat} is not a chat
     */
    public CreateChatResult {
        Objects.requireNonNull(chat, "chat").requireChat("chat");
        addedPeers = List.copyOf(addedPeers);
    }
}
