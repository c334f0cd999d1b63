package dev.sferum.sdk.chat;

import java.util.Objects;

/**
 * What a chat client's backend (and the account it acts as) can do, as data, so callers and roster sync can plan
 * instead of failing half-way. A call the backend cannot make fails with an
 * {@link UnsupportedChatOperationException} (category {@code NOT_SUPPORTED}) before any I/O.
 *
 * <pre>{@code
 * if (!chats.capabilities().canAddMembers()) {
 *     InviteLink link = chats.inviteLink(chat);   // share it with the pupils instead
 * }
 * }</pre>
 *
 * <p>The VK backend acting as a community: it creates chats, cannot add members (VK's {@code addChatUser} needs a
 * user token), sends with an idempotency key ({@code random_id}), 9,000 characters per message, 100 peers per
 * call, 20 requests per second. As a user it can also add members, at 3 requests per second.
 *
 * @param backend the backend's name, such as {@code vk}
 * @param canCreateChats whether {@code createChat} works
 * @param canAddMembers whether {@code addMember} works
 * @param canRemoveMembers whether {@code removeMember} works
 * @param canUseInviteLinks whether {@code inviteLink} / {@code resetInviteLink} work
 * @param hasIdempotentSend whether the backend drops a repeated send with the same idempotency key, so a retry
 *     after a lost answer cannot post twice
 * @param canDeleteForAll whether {@code delete} can remove messages for every participant
 * @param maxMessageLength the longest text of one backend message, in UTF-16 chars; longer texts are split
 * @param maxPeersPerCall how many peers one send call can reach
 * @param maxTitleLength the longest chat title the client accepts, in code points
 * @param requestsPerSecond the request rate the backend allows this account (VK: 3 for a user token, 20 for a
 *     community token); roster sync estimates durations with it
 * @since 0.1.0
 */
public record ChatCapabilities(String backend, boolean canCreateChats, boolean canAddMembers, boolean canRemoveMembers,
                               boolean canUseInviteLinks, boolean hasIdempotentSend, boolean canDeleteForAll,
                               int maxMessageLength, int maxPeersPerCall, int maxTitleLength,
                               double requestsPerSecond) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if a limit or the rate is not positive or the backend name is blank
     */
    public ChatCapabilities {
        Objects.requireNonNull(backend, "backend");
        if (backend.isBlank()) {
            throw new IllegalArgumentException("backend must not be blank");
        }
        if (maxMessageLength < 1 || maxPeersPerCall < 1 || maxTitleLength < 1) {
            throw new IllegalArgumentException("limits must be positive: maxMessageLength " + maxMessageLength
                    + ", maxPeersPerCall " + maxPeersPerCall + ", maxTitleLength " + maxTitleLength);
        }
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requestsPerSecond must be positive and finite: " + requestsPerSecond);
        }
    }
}
