package dev.sferum.sdk.chat;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message read from a peer's history. {@link #toString()} never shows the text: message bodies stay out of
 * logs.
 *
 * @since 0.1.0
 */
public final class Message {
    private final MessageRef ref;
    private final PeerId from;
    private final Instant date;
    private final String text;
    private final List<String> attachments;
    private final long randomId;
    private final String action;

    /**
     * Creates the value; the SDK does this when it reads history.
     *
     * @param ref where the message is and its ids
     * @param from the author: a user or a community
     * @param date when it was sent
     * @param text its text, possibly empty
     * @param attachments its attachments in the wire form {@code <type><owner_id>_<id>[_<access_key>]}
     * @param randomId the idempotency key it was sent with (VK's {@code random_id}), or 0 if none or unknown
     * @param action the service action type (such as {@code chat_create}, {@code chat_invite_user}), or {@code null}
     *     for an ordinary message
     */
    public Message(MessageRef ref, PeerId from, Instant date, String text, List<String> attachments, long randomId, String action) {
        this.ref = Objects.requireNonNull(ref, "ref");
        this.from = Objects.requireNonNull(from, "from");
        this.date = Objects.requireNonNull(date, "date");
        this.text = Objects.requireNonNull(text, "text");
        this.attachments = List.copyOf(attachments);
        this.randomId = randomId;
        this.action = action == null || action.isEmpty() ? null : action;
    }

    /** {@return where the message is and its ids} */
    public MessageRef ref() {
        return ref;
    }

    /** {@return the author: a user or a community} */
    public PeerId from() {
        return from;
    }

    /** {@return when it was sent} */
    public Instant date() {
        return date;
    }

    /** {@return its text, possibly empty; do not log it} */
    public String text() {
        return text;
    }

    /** {@return its attachments in wire form, such as {@code photo-123456_457239017}; unmodifiable} */
    public List<String> attachments() {
        return attachments;
    }

    /** {@return the idempotency key it was sent with (VK's {@code random_id}), or 0 if none or not visible} */
    public long randomId() {
        return randomId;
    }

    /** {@return the service action type (a chat was created, a member joined, …), for service messages} */
    public Optional<String> action() {
        return Optional.ofNullable(action);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && m.ref.equals(ref) && m.from.equals(from) && m.date.equals(date) && m.text.equals(text)
                && m.attachments.equals(attachments) && m.randomId == randomId && Objects.equals(m.action, action);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ref, from, date, text, attachments, randomId, action);
    }

    /** {@return the ids, author and text length; never the text} */
    @Override
    public String toString() {
        return "Message[" + ref + ", from=" + from + ", date=" + date + ", textLength=" + text.length()
                + (attachments.isEmpty() ? "" : ", attachments=" + attachments.size()) + (action != null ? ", action=" + action : "") + "]";
    }
}
