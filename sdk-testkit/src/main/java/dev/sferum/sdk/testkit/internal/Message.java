package dev.sferum.sdk.testkit.internal;

import java.util.HashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** A stored message (text or service). Guarded by the World lock. */
final class Message {

    final long id;
    final long cmid;
    final Conversation conversation;
    final long fromId;
    String text;
    final long date;
    final long randomId;
    /** Chat action type for service messages, else null. */
    final String actionType;
    final long actionMemberId;
    final String actionText;
    final long actionCmid;
    final String actionMessage;
    long updateTime;
    long version;
    boolean deletedForAll;
    final Set<Long> deletedFor = new HashSet<>();
    String payload;
    JsonNode keyboard;
    JsonNode attachments;
    Message replyTo;

    Message(long id, long cmid, Conversation conversation, long fromId, String text, long date, long randomId,
            String actionType, long actionMemberId, String actionText, long actionCmid, String actionMessage) {
        this.id = id;
        this.cmid = cmid;
        this.conversation = conversation;
        this.fromId = fromId;
        this.text = text;
        this.date = date;
        this.randomId = randomId;
        this.actionType = actionType;
        this.actionMemberId = actionMemberId;
        this.actionText = actionText;
        this.actionCmid = actionCmid;
        this.actionMessage = actionMessage;
    }

    boolean isService() {
        return actionType != null;
    }

    boolean visibleTo(long ownerId) {
        return !deletedForAll && !deletedFor.contains(ownerId);
    }
}
