package dev.sferum.sdk.chat;

import java.util.Locale;
import java.util.Objects;

/**
 * Where messages go: a user, a community or a chat, as a value you never do arithmetic on.
 *
 * <pre>{@code
 * PeerId chat = PeerId.chat(12);            // the VK backend sends it as peer_id 2000000012
 * PeerId pupil = PeerId.user(1001);
 * PeerId school = PeerId.community(123456); // sent as -123456
 * PeerId again = PeerId.parse(chat.toString());
 * }</pre>
 *
 * <p>The id is the backend's own id of that kind: for VK, a user id, a community (group) id without the minus
 * sign, or a chat's local {@code chat_id}; for MAX, a (negative) chat id. Turning it into a wire value, such as
 * VK's {@code 2000000000 + chat_id}, is the backend's job. A VK chat id is local to the account that sees the
 * chat, so store chat peers per acting account.
 *
 * <p>{@link #toString()} gives a stable text form ({@code chat:12}, {@code user:1001}, {@code community:123456})
 * that {@link #parse(String)} reads back; stores use it.
 *
 * @param type what kind of peer this is
 * @param id the backend's id of the peer within its kind
 * @since 0.1.0
 */
public record PeerId(Type type, long id) implements Comparable<PeerId> {

    /** The kinds of peer. */
    public enum Type {
        /** A person. */
        USER,
        /** A community (group, bot). */
        COMMUNITY,
        /** A group chat. */
        CHAT
    }

    /**
     * Checks the id against its kind.
     *
     * @param type what kind of peer this is
     * @param id the backend's id of the peer within its kind
     * @throws IllegalArgumentException if a user or community id is not positive, or a chat id is zero
     */
    public PeerId {
        Objects.requireNonNull(type, "type");
        switch (type) {
            case USER, COMMUNITY -> {
                if (id <= 0) {
                    throw new IllegalArgumentException(type.name().toLowerCase(Locale.ROOT)
                            + " id must be positive (give a community id without the minus sign): " + id);
                }
            }
            case CHAT -> {
                if (id == 0) {
                    throw new IllegalArgumentException("chat id must not be 0");
                }
            }
        }
    }

    /**
     * A user.
     *
     * @param userId the user id, positive
     * @return the peer
     * @throws IllegalArgumentException if not positive
     */
    public static PeerId user(long userId) {
        return new PeerId(Type.USER, userId);
    }

    /**
     * A user.
     *
     * @param user the user
     * @return the peer
     */
    public static PeerId user(UserId user) {
        return new PeerId(Type.USER, Objects.requireNonNull(user, "user").value());
    }

    /**
     * A community, by its positive id (as in {@code club123456}).
     *
     * @param groupId the community id, positive
     * @return the peer
     * @throws IllegalArgumentException if not positive
     */
    public static PeerId community(long groupId) {
        return new PeerId(Type.COMMUNITY, groupId);
    }

    /**
     * A chat, by the backend's chat id: VK's local {@code chat_id} (1 to 100,000,000, as in {@code vk.com/im?sel=c12}),
     * or MAX's chat id.
     *
     * @param chatId the chat id, not zero
     * @return the peer
     * @throws IllegalArgumentException if zero
     */
    public static PeerId chat(long chatId) {
        return new PeerId(Type.CHAT, chatId);
    }

    /**
     * Reads the text form written by {@link #toString()}.
     *
     * @param text such as {@code chat:12}
     * @return the peer
     * @throws IllegalArgumentException if the text is not a peer's text form
     */
    public static PeerId parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon > 0) {
            String kind = text.substring(0, colon);
            try {
                long id = Long.parseLong(text.substring(colon + 1));
                switch (kind) {
                    case "user":
                        return user(id);
                    case "community":
                        return community(id);
                    case "chat":
                        return chat(id);
                    default:
                        break;
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("not a peer id: \"" + text + "\"; expected user:<id>, community:<id> or chat:<id>");
    }

    /** {@return whether this peer is a group chat} */
    public boolean isChat() {
        return type == Type.CHAT;
    }

    /** {@return whether this peer is a user} */
    public boolean isUser() {
        return type == Type.USER;
    }

    /** {@return whether this peer is a community} */
    public boolean isCommunity() {
        return type == Type.COMMUNITY;
    }

    /**
     * Checks that this peer is a chat, for calls that need one.
     *
     * @param what how the calling method names the argument, for the message
     * @return this peer
     * @throws IllegalArgumentException if it is not a chat
     */
    public PeerId requireChat(String what) {
        if (type != Type.CHAT) {
            throw new IllegalArgumentException(what + " must be a chat, but " + this + " is a " + type.name().toLowerCase(Locale.ROOT)
                    + "; use PeerId.chat(chatId)");
        }
        return this;
    }

    /**
     * Orders by kind, then id; for sorted output.
     *
     * @param other another peer
     * @return the comparison
     */
    @Override
    public int compareTo(PeerId other) {
        int c = type.compareTo(other.type);
        return c != 0 ? c : Long.compare(id, other.id);
    }

    /** {@return the text form: {@code user:1001}, {@code community:123456} or {@code chat:12}} */
    @Override
    public String toString() {
        return type.name().toLowerCase(Locale.ROOT) + ":" + id;
    }
}
