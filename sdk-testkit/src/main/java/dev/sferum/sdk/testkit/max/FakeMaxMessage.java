package dev.sferum.sdk.testkit.max;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of a message in the fake, exactly as stored: the text includes anything invisible the sender
 * put in it.
 *
 * @param mid MAX's message id
 * @param seq its sequence number
 * @param chatId the chat it is in
 * @param senderId who sent it (a user or a bot's user)
 * @param time when it was sent (by the fake clock, in ms; strictly increasing within a chat)
 * @param text its text as stored, possibly empty
 * @param attachments its attachments as {@code <type>:<token>}
 * @param replyToMid the message it replies to, or {@code ""}
 * @param edited whether it was edited
 * @param deleted whether it was deleted
 * @since 0.1.0
 */
public record FakeMaxMessage(String mid, long seq, long chatId, long senderId, Instant time, String text, List<String> attachments,
                             String replyToMid, boolean edited, boolean deleted) {

    /**
     * Checks the components and copies the list.
     *
     * @param mid MAX's message id
     * @param seq its sequence number
     * @param chatId the chat it is in
     * @param senderId who sent it (a user or a bot's user)
     * @param time when it was sent (by the fake clock, in ms; strictly increasing within a chat)
     * @param text its text as stored, possibly empty
     * @param attachments its attachments as {@code <type>:<token>}
     * @param replyToMid the message it replies to, or {@code ""}
     * @param edited whether it was edited
     * @param deleted whether it was deleted
     */
    public FakeMaxMessage {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(text, "text");
        attachments = List.copyOf(attachments);
        Objects.requireNonNull(replyToMid, "replyToMid");
    }

    /**
     * The text as a person sees it: without invisible format characters (zero-width spaces, joiners, the invisible
     * separator), which clients do not draw.
     *
     * @return the visible text
     */
    public String visibleText() {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().filter(cp -> Character.getType(cp) != Character.FORMAT).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    /** {@return the ids, sender and text length; never the text} */
    @Override
    public String toString() {
        return "FakeMaxMessage[" + mid + ", chat " + chatId + ", from " + senderId + ", textLength=" + text.length()
                + (deleted ? ", deleted" : "") + "]";
    }
}
