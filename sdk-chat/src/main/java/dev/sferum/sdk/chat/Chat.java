package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.internal.Require;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A group chat as the acting account sees it.
 *
 * @since 0.1.0
 */
public final class Chat {
    private final PeerId peer;
    private final String title;
    private final PeerId owner;
    private final int membersCount;
    private final ChatState state;
    private final List<PeerId> admins;

    /**
     * Creates the value; the SDK does this when it reads chats.
     *
     * @param peer the chat
     * @param title its title
     * @param owner who created it (a user, or a community), or {@code null} if the backend did not say
     * @param membersCount how many members it has
     * @param state the acting account's standing in it
     * @param admins its admins, where the backend reports them; may be empty
     * @throws IllegalArgumentException if {@code peer} is not a chat or the count is negative
     */
    public Chat(PeerId peer, String title, PeerId owner, int membersCount, ChatState state, List<PeerId> admins) {
        this.peer = Objects.requireNonNull(peer, "peer").requireChat("peer");
        this.title = Objects.requireNonNull(title, "title");
        this.owner = owner;
        this.membersCount = Require.notNegative(membersCount, "membersCount");
        this.state = Objects.requireNonNull(state, "state");
        this.admins = List.copyOf(admins);
    }

    /** {@return the chat} */
    public PeerId peer() {
        return peer;
    }

    /** {@return its title} */
    public String title() {
        return title;
    }

    /** {@return who created it, if the backend said} */
    public Optional<PeerId> owner() {
        return Optional.ofNullable(owner);
    }

    /** {@return how many members it has} */
    public int membersCount() {
        return membersCount;
    }

    /** {@return the acting account's standing in it} */
    public ChatState state() {
        return state;
    }

    /** {@return its admins, where the backend reports them (VK reports them to communities); unmodifiable} */
    public List<PeerId> admins() {
        return admins;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Chat c && c.peer.equals(peer) && c.title.equals(title) && Objects.equals(c.owner, owner)
                && c.membersCount == membersCount && c.state == state && c.admins.equals(admins);
    }

    @Override
    public int hashCode() {
        return Objects.hash(peer, title, owner, membersCount, state, admins);
    }

    @Override
    public String toString() {
        return "Chat[" + peer + ", title=" + title + ", members=" + membersCount + ", state=" + state + "]";
    }
}
