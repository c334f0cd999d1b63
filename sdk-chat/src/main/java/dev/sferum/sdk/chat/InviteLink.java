package dev.sferum.sdk.chat;

import java.util.Objects;

/**
 * A chat's invite link ({@code https://vk.me/join/…}). Anyone holding it can join the chat, so treat it like a
 * password: {@link #toString()} never shows it, and the SDK never logs it.
 *
 * <pre>{@code
 * InviteLink link = chats.inviteLink(chat);
 * journal.sendToParents(classId, link.url());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InviteLink {
    private final PeerId chat;
    private final String url;

    /**
     * Creates the value; the SDK does this.
     *
     * @param chat the chat
     * @param url the link
     * @throws IllegalArgumentException if the link is blank or the peer not a chat
     */
    public InviteLink(PeerId chat, String url) {
        this.chat = Objects.requireNonNull(chat, "chat").requireChat("chat");
        Objects.requireNonNull(url, "url");
        if (url.isBlank()) {
            throw new IllegalArgumentException("an invite link must not be blank");
        }
        this.url = url;
    }

    /** {@return the chat the link joins} */
    public PeerId chat() {
        return chat;
    }

    /** {@return the link itself; do not log it} */
    public String url() {
        return url;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InviteLink l && l.chat.equals(chat) && l.url.equals(url);
    }

    @Override
    public int hashCode() {
        return chat.hashCode() * 31 + url.hashCode();
    }

    /** {@return a redacted form, {@code InviteLink[chat:12, url=[redacted]]}} */
    @Override
    public String toString() {
        return "InviteLink[" + chat + ", url=[redacted]]";
    }
}
