package dev.sferum.sdk.testkit.max;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of a chat in the fake: a group chat (negative id, as on MAX) or a dialog between a bot and a
 * user (positive id).
 *
 * <pre>{@code
 * FakeMaxChat chat = fake.chat(chatId).orElseThrow();
 * assertThat(chat.memberIds()).contains(pupil.id());
 * }</pre>
 *
 * @param id the chat id, as on the wire
 * @param type {@code chat} or {@code dialog}
 * @param title the title ({@code ""} for dialogs)
 * @param ownerId the user who created it
 * @param memberIds current members, in join order
 * @param adminIds current admins (the owner included)
 * @param statuses every user ever in the chat to their standing: {@code active}, {@code left} or {@code removed}
 * @param pinnedMid the pinned message's {@code mid}, or {@code ""}
 * @param link the chat's link
 * @since 0.1.0
 */
public record FakeMaxChat(long id, String type, String title, long ownerId, List<Long> memberIds, List<Long> adminIds,
                          Map<Long, String> statuses, String pinnedMid, String link) {

    /**
     * Checks the components and copies the collections.
     *
     * @param id the chat id, as on the wire
     * @param type {@code chat} or {@code dialog}
     * @param title the title ({@code ""} for dialogs)
     * @param ownerId the user who created it
     * @param memberIds current members, in join order
     * @param adminIds current admins (the owner included)
     * @param statuses every user ever in the chat to their standing: {@code active}, {@code left} or {@code removed}
     * @param pinnedMid the pinned message's {@code mid}, or {@code ""}
     * @param link the chat's link
     */
    public FakeMaxChat {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        memberIds = List.copyOf(memberIds);
        adminIds = List.copyOf(adminIds);
        statuses = Map.copyOf(statuses);
        Objects.requireNonNull(pinnedMid, "pinnedMid");
        Objects.requireNonNull(link, "link");
    }

    /**
     * Tells whether a user or bot is a current member.
     *
     * @param userId a user or bot id
     * @return whether they are a current member
     */
    public boolean isMember(long userId) {
        return memberIds.contains(userId);
    }

    /**
     * Tells whether a user or bot is a current admin.
     *
     * @param userId a user or bot id
     * @return whether they are a current admin
     */
    public boolean isAdmin(long userId) {
        return adminIds.contains(userId);
    }
}
