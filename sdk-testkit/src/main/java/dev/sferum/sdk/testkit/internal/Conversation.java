package dev.sferum.sdk.testkit.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group chat or a one-to-one dialog with its messages. Chat-only fields are unused for dialogs. Guarded by
 * the World lock.
 */
final class Conversation {

    final long id;
    final boolean chat;
    // chat
    String title;
    long ownerId;
    final Map<Long, Member> members = new LinkedHashMap<>();
    String inviteLink;
    final Map<Long, Long> localIds = new HashMap<>();
    // dialog
    final long sideA;
    final long sideB;
    // both
    final List<Message> messages = new ArrayList<>();
    long lastCmid;
    long pinnedCmid;
    final Map<Long, Long> readUpTo = new HashMap<>();

    private Conversation(long id, boolean chat, long sideA, long sideB) {
        this.id = id;
        this.chat = chat;
        this.sideA = sideA;
        this.sideB = sideB;
    }

    static Conversation chat(long id, String title, long ownerId) {
        Conversation c = new Conversation(id, true, 0, 0);
        c.title = title;
        c.ownerId = ownerId;
        return c;
    }

    static Conversation dialog(long id, long sideA, long sideB) {
        return new Conversation(id, false, sideA, sideB);
    }

    Member member(long ownerId) {
        return members.get(ownerId);
    }

    boolean isIn(long ownerId) {
        if (!chat) {
            return ownerId == sideA || ownerId == sideB;
        }
        Member m = members.get(ownerId);
        return m != null && m.in();
    }

    boolean isAdmin(long ownerId) {
        if (!chat) {
            return isIn(ownerId);
        }
        Member m = members.get(ownerId);
        return m != null && m.in() && (m.admin || ownerId == this.ownerId);
    }

    /** Every account taking part: current chat members, or both sides of a dialog. */
    List<Long> participants() {
        List<Long> result = new ArrayList<>();
        if (chat) {
            members.values().stream().filter(Member::in).forEach(m -> result.add(m.memberId));
        } else {
            result.add(sideA);
            if (sideB != sideA) {
                result.add(sideB);
            }
        }
        return result;
    }

    /** The other side of a dialog as seen by one side. */
    long otherSide(long ownerId) {
        return ownerId == sideA ? sideB : sideA;
    }

    Message byCmid(long cmid) {
        for (Message m : messages) {
            if (m.cmid == cmid) {
                return m;
            }
        }
        return null;
    }

    Message lastVisible(long viewer) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).visibleTo(viewer)) {
                return messages.get(i);
            }
        }
        return null;
    }
}
