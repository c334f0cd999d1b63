package dev.sferum.sdk.testkit;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of a group chat in the fake.
 *
 * <p>As in VK, every account numbers the chats it is in by itself: the same chat can be chat 3 for the school
 * community and chat 1 for a pupil. {@link #localChatIds()} holds each account's number, and
 * {@link #peerIdFor(long)} turns it into that account's peer id ({@code 2000000000 + local chat id}).
 * {@link #id()} is the fake's own id for the chat and is never seen on the wire.
 *
 * <pre>{@code
 * FakeChat chat = fake.chatOf(school.ownerId(), peerId).orElseThrow();
 * assertThat(chat.memberIds()).contains(pupil.id());
 * assertThat(chat.peerIdFor(pupil.id())).isNotEqualTo(peerId);   // the pupil numbers it differently
 * }</pre>
 *
 * @param id                         the fake's own id for this chat
 * @param title                      the current title
 * @param ownerId                    the creator (user id, or {@code -group_id})
 * @param adminIds                   admins other than the owner
 * @param memberIds                  current members (owner included while in the chat), in join order
 * @param inviteLink                 the current invite link; a reset replaces it
 * @param localChatIds               owner id → that account's chat id, for every account that was ever in the chat
 * @param pinnedConversationMessageId cmid of the pinned message, 0 when nothing is pinned
 * @param lastConversationMessageId  the last cmid used in the chat
 * @since 0.1.0
 */
public record FakeChat(long id, String title, long ownerId, List<Long> adminIds, List<Long> memberIds,
        String inviteLink, Map<Long, Long> localChatIds, long pinnedConversationMessageId,
        long lastConversationMessageId) {

    /** The first peer id of group chats: a chat's peer id is this plus the account's chat id. */
    public static final long CHAT_PEER_BASE = 2_000_000_000L;

    /**
     * Creates the value, checking its components.
     *
     * @param id the fake's own id for this chat
     * @param title the current title
     * @param ownerId the creator (user id, or {@code -group_id})
     * @param adminIds admins other than the owner
     * @param memberIds current members (owner included while in the chat), in join order
     * @param inviteLink the current invite link; a reset replaces it
     * @param localChatIds owner id → that account's chat id, for every account that was ever in the chat
     * @param pinnedConversationMessageId cmid of the pinned message, 0 when nothing is pinned
     * @param lastConversationMessageId the last cmid used in the chat
     */
    public FakeChat {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(inviteLink, "inviteLink");
        adminIds = List.copyOf(adminIds);
        memberIds = List.copyOf(memberIds);
        localChatIds = Map.copyOf(localChatIds);
    }

    /**
     * Returns the peer id of this chat as seen by an account.
     *
     * @param accountOwnerId a user id, or a community's {@code -group_id}
     * @return {@code 2000000000 + that account's chat id}
     * @throws IllegalArgumentException if the account was never in this chat
     */
    public long peerIdFor(long accountOwnerId) {
        return CHAT_PEER_BASE + chatIdFor(accountOwnerId);
    }

    /**
     * Returns the chat id of this chat as seen by an account.
     *
     * @param accountOwnerId a user id, or a community's {@code -group_id}
     * @return that account's chat id
     * @throws IllegalArgumentException if the account was never in this chat
     */
    public long chatIdFor(long accountOwnerId) {
        Long local = localChatIds.get(accountOwnerId);
        if (local == null) {
            throw new IllegalArgumentException("account " + accountOwnerId + " was never in chat " + id
                    + " (\"" + title + "\"); accounts that were: " + localChatIds.keySet());
        }
        return local;
    }

    /**
     * Returns whether an account is a current member.
     *
     * @param accountOwnerId a user id, or a community's {@code -group_id}
     * @return true while the account is in the chat
     */
    public boolean isMember(long accountOwnerId) {
        return memberIds.contains(accountOwnerId);
    }
}
