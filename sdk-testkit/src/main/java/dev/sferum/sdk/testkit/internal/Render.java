package dev.sferum.sdk.testkit.internal;

import java.util.Collection;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders state as VK JSON objects (schema 5.199 names), always from one account's point of view: peer ids,
 * {@code out}, read marks and {@code random_id} depend on who looks. Called with the World lock held.
 */
final class Render {

    private Render() {
    }

    /** {@code messages_message} as {@code viewer} sees it. */
    static ObjectNode message(World world, Message m, long viewer) {
        ObjectNode node = core(world, m, viewer);
        node.put("out", m.fromId == viewer ? 1 : 0);
        node.put("version", m.version);
        node.put("important", false);
        node.put("is_hidden", false);
        if (m.randomId != 0 && m.fromId == viewer) {
            node.put("random_id", m.randomId);
        }
        if (m.updateTime != 0) {
            node.put("update_time", m.updateTime);
        }
        if (m.payload != null) {
            node.put("payload", m.payload);
        }
        if (m.keyboard != null) {
            node.set("keyboard", m.keyboard.deepCopy());
        }
        if (m.replyTo != null) {
            node.set("reply_message", foreign(world, m.replyTo, viewer));
        }
        if (m.isService()) {
            node.set("action", action(m));
        }
        return node;
    }

    /** The fields a reply, a pinned message and a full message share. */
    private static ObjectNode core(World world, Message m, long viewer) {
        ObjectNode node = Json.object();
        node.put("id", World.visibleId(m, viewer));
        node.put("date", m.date);
        node.put("from_id", m.fromId);
        node.put("peer_id", world.peerIdOf(m.conversation, viewer));
        node.put("text", m.text);
        node.put("conversation_message_id", m.cmid);
        node.set("fwd_messages", Json.array());
        node.set("attachments", m.attachments == null ? Json.array() : m.attachments.deepCopy());
        return node;
    }

    /** {@code messages_foreign_message}, for {@code reply_message}. */
    private static ObjectNode foreign(World world, Message m, long viewer) {
        return core(world, m, viewer);
    }

    private static ObjectNode action(Message m) {
        ObjectNode action = Json.object();
        action.put("type", m.actionType);
        if (m.actionMemberId != 0) {
            action.put("member_id", m.actionMemberId);
        }
        if (m.actionText != null) {
            action.put("text", m.actionText);
        }
        if (m.actionCmid != 0) {
            action.put("conversation_message_id", m.actionCmid);
        }
        if (m.actionMessage != null) {
            action.put("message", m.actionMessage);
        }
        return action;
    }

    /** {@code messages_pinned_message}. */
    static ObjectNode pinned(World world, Message m, long viewer) {
        ObjectNode node = core(world, m, viewer);
        node.put("out", m.fromId == viewer);
        return node;
    }

    /** {@code client_info} of a {@code message_new} event: what the fake's users' clients "support". */
    static ObjectNode clientInfo() {
        ObjectNode info = Json.object();
        ArrayNode actions = info.putArray("button_actions");
        for (String a : new String[] {"text", "vkpay", "open_app", "location", "open_link", "callback",
                "intent_subscribe", "intent_unsubscribe"}) {
            actions.add(a);
        }
        info.put("keyboard", true);
        info.put("inline_keyboard", true);
        info.put("carousel", true);
        info.put("lang_id", 0);
        return info;
    }

    /** {@code messages_conversation} as {@code viewer} sees it. */
    static ObjectNode conversation(World world, Conversation c, long viewer) {
        ObjectNode node = Json.object();
        long peerId = world.peerIdOf(c, viewer);
        ObjectNode peer = node.putObject("peer");
        peer.put("id", peerId);
        if (c.chat) {
            peer.put("type", "chat");
            peer.put("local_id", peerId - World.CHAT_PEER_BASE);
        } else {
            peer.put("type", peerId > 0 ? "user" : "group");
            peer.put("local_id", Math.abs(peerId));
        }
        Message last = c.lastVisible(viewer);
        long lastId = last == null ? 0 : World.visibleId(last, viewer);
        node.put("last_message_id", lastId);
        node.put("last_conversation_message_id", last == null ? 0 : last.cmid);
        node.put("version", c.messages.stream().mapToLong(m -> m.version).max().orElse(0));
        long inRead = c.readUpTo.getOrDefault(viewer, 0L);
        long outRead = 0;
        for (var entry : c.readUpTo.entrySet()) {
            if (entry.getKey() != viewer) {
                outRead = Math.max(outRead, entry.getValue());
            }
        }
        node.put("in_read", inRead);
        node.put("out_read", outRead);
        node.put("in_read_cmid", inRead);
        node.put("out_read_cmid", outRead);
        int unread = unreadCount(c, viewer);
        if (unread > 0) {
            node.put("unread_count", unread);
        }
        ObjectNode sort = node.putObject("sort_id");
        sort.put("major_id", 0);
        sort.put("minor_id", last == null ? 0 : last.id);
        node.put("is_marked_unread", false);
        node.put("important", false);
        ObjectNode canWrite = node.putObject("can_write");
        boolean allowed;
        int reason = 0;
        if (c.chat) {
            Member me = c.member(viewer);
            allowed = me != null && me.in();
            reason = allowed ? 0 : 917;
        } else {
            allowed = true;
            long other = c.otherSide(viewer);
            if (viewer < 0 && (other < 0 || !world.communities.get(-viewer).allowedUsers.contains(other))) {
                allowed = false;
                reason = 901;
            }
        }
        canWrite.put("allowed", allowed);
        if (!allowed) {
            canWrite.put("reason", reason);
        }
        if (c.chat) {
            node.set("chat_settings", chatSettings(world, c, viewer));
        }
        return node;
    }

    static int unreadCount(Conversation c, long viewer) {
        long read = c.readUpTo.getOrDefault(viewer, 0L);
        int unread = 0;
        for (Message m : c.messages) {
            if (m.cmid > read && m.fromId != viewer && m.visibleTo(viewer)) {
                unread++;
            }
        }
        return unread;
    }

    private static ObjectNode chatSettings(World world, Conversation c, long viewer) {
        ObjectNode s = Json.object();
        s.put("owner_id", c.ownerId);
        s.put("title", c.title);
        ArrayNode admins = s.putArray("admin_ids");
        ArrayNode active = s.putArray("active_ids");
        int count = 0;
        for (Member m : c.members.values()) {
            if (m.in()) {
                count++;
                active.add(m.memberId);
                if (m.admin) {
                    admins.add(m.memberId);
                }
            }
        }
        s.put("members_count", count);
        Member me = c.member(viewer);
        s.put("state", me == null ? "out" : me.state == Member.State.IN ? "in"
                : me.state == Member.State.LEFT ? "left" : "kicked");
        s.put("is_group_channel", false);
        boolean admin = c.isAdmin(viewer);
        boolean in = c.isIn(viewer);
        ObjectNode acl = s.putObject("acl");
        acl.put("can_change_info", admin);
        acl.put("can_change_invite_link", admin);
        acl.put("can_change_pin", admin);
        acl.put("can_invite", admin);
        acl.put("can_promote_users", viewer == c.ownerId && in);
        acl.put("can_see_invite_link", admin);
        acl.put("can_moderate", admin);
        acl.put("can_copy_chat", in);
        acl.put("can_call", in);
        acl.put("can_use_mass_mentions", admin);
        acl.put("can_change_service_type", false);
        ObjectNode permissions = s.putObject("permissions");
        permissions.put("invite", "owner_and_admins");
        permissions.put("change_info", "owner_and_admins");
        permissions.put("change_pin", "owner_and_admins");
        permissions.put("use_mass_mentions", "owner_and_admins");
        permissions.put("see_invite_link", "owner_and_admins");
        permissions.put("call", "all");
        permissions.put("change_admins", "owner");
        if (c.pinnedCmid != 0) {
            Message pinned = c.byCmid(c.pinnedCmid);
            if (pinned != null && pinned.visibleTo(viewer)) {
                s.set("pinned_message", pinned(world, pinned, viewer));
            }
        }
        return s;
    }

    /** {@code messages_conversation_member}. */
    static ObjectNode member(Conversation c, Member m, long viewer) {
        ObjectNode node = Json.object();
        node.put("member_id", m.memberId);
        node.put("invited_by", m.invitedBy);
        node.put("join_date", m.joinDate);
        boolean owner = m.memberId == c.ownerId;
        node.put("is_admin", owner || m.admin);
        if (owner) {
            node.put("is_owner", true);
        }
        boolean viewerIsOwner = viewer == c.ownerId;
        boolean canKick = !owner && c.isAdmin(viewer) && (!m.admin || viewerIsOwner) && m.memberId != viewer;
        node.put("can_kick", canKick);
        node.put("is_restricted_to_write", false);
        return node;
    }

    /** {@code messages_chat_restrictions}: the fake's fixed rules (only admins invite, edit, pin, kick). */
    static ObjectNode chatRestrictions() {
        ObjectNode r = Json.object();
        r.put("admins_promote_users", false);
        r.put("only_admins_edit_info", true);
        r.put("only_admins_edit_pin", true);
        r.put("only_admins_invite", true);
        r.put("only_admins_kick", true);
        return r;
    }

    /** {@code users_user_full} (the fields the fake knows). */
    static ObjectNode profile(UserRecord u) {
        ObjectNode node = Json.object();
        node.put("id", u.user.id());
        node.put("first_name", u.user.firstName());
        node.put("last_name", u.user.lastName());
        node.put("can_access_closed", true);
        node.put("is_closed", false);
        return node;
    }

    /** {@code groups_group_full} (the fields the fake knows). */
    static ObjectNode group(CommunityRecord c) {
        ObjectNode node = Json.object();
        node.put("id", c.id);
        node.put("name", c.name);
        node.put("screen_name", "club" + c.id);
        node.put("is_closed", 0);
        node.put("type", "group");
        return node;
    }

    /** Fills {@code profiles} and {@code groups} for the given owner ids. */
    static void profilesAndGroups(World world, ObjectNode target, Collection<Long> ownerIds) {
        ArrayNode profiles = target.putArray("profiles");
        ArrayNode groups = target.putArray("groups");
        ownerIds.stream().distinct().forEach(id -> {
            if (id > 0 && world.users.containsKey(id)) {
                profiles.add(profile(world.users.get(id)));
            } else if (id < 0 && world.communities.containsKey(-id)) {
                groups.add(group(world.communities.get(-id)));
            }
        });
    }
}
