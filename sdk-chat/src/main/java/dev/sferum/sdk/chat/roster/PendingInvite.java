package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.chat.InviteLink;
import dev.sferum.sdk.chat.UserId;

import java.util.List;
import java.util.Objects;

/**
 * Users who belong in a class's chat but could not be added, with the link that lets them join. Deliver it through
 * your own channel (the school journal) unless the sync already sent it.
 *
 * @param classId the {@link RosterClass#classId() id} of the class in your school system
 * @param link the chat's invite link; never log it
 * @param users who should join
 * @param messaged those of them the link was sent to as a message (empty unless an invite message is configured)
 * @since 0.1.0
 */
public record PendingInvite(String classId, InviteLink link, List<UserId> users, List<UserId> messaged) {

    /**
     * Checks and copies.
     *
     * @param classId the {@link RosterClass#classId() id} of the class in your school system
     * @param link the chat's invite link; never log it
     * @param users who should join
     * @param messaged those of them the link was sent to as a message (empty unless an invite message is configured)
     */
    public PendingInvite {
        Objects.requireNonNull(classId, "classId");
        Objects.requireNonNull(link, "link");
        users = List.copyOf(users);
        messaged = List.copyOf(messaged);
    }
}
