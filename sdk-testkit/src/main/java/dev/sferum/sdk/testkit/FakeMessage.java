package dev.sferum.sdk.testkit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of one message in the fake, including service messages (chat actions) and messages
 * that were deleted: tests look at what really reached a chat.
 *
 * <pre>{@code
 * assertThat(fake.messagesIn(school.ownerId(), peerId))
 *         .filteredOn(m -> m.text().equals("Урок перенесён на 10:00"))
 *         .hasSize(1);
 * }</pre>
 *
 * @param messageId             the fake-wide message id (see the README for how ids differ from VK's)
 * @param conversationMessageId the per-conversation counter, the same for every participant
 * @param peerId                the conversation's peer id from the perspective the snapshot was taken for
 * @param fromId                the sender: a user id, or {@code -group_id}
 * @param text                  the text; empty for service messages
 * @param date                  when it was sent, by the fake clock
 * @param randomId              the sender's {@code random_id}, 0 when none was given
 * @param action                the chat action of a service message
 * @param editedAt              when it was last edited
 * @param deletedForAll         whether it was deleted for everybody
 * @since 0.1.0
 */
public record FakeMessage(long messageId, long conversationMessageId, long peerId, long fromId, String text,
        Instant date, long randomId, Optional<Action> action, Optional<Instant> editedAt, boolean deletedForAll) {

    /**
     * Creates the value, checking its components.
     *
     * @param messageId the fake-wide message id (see the README for how ids differ from VK's)
     * @param conversationMessageId the per-conversation counter, the same for every participant
     * @param peerId the conversation's peer id from the perspective the snapshot was taken for
     * @param fromId the sender: a user id, or {@code -group_id}
     * @param text the text; empty for service messages
     * @param date when it was sent, by the fake clock
     * @param randomId the sender's {@code random_id}, 0 when none was given
     * @param action the chat action of a service message
     * @param editedAt when it was last edited
     * @param deletedForAll whether it was deleted for everybody
     */
    public FakeMessage {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(editedAt, "editedAt");
    }

    /**
     * Returns whether this is a service message (a chat action such as {@code chat_invite_user}).
     *
     * @return true when {@link #action()} is present
     */
    public boolean isServiceMessage() {
        return action.isPresent();
    }

    /**
     * The chat action carried by a service message, as in VK's {@code message.action}.
     *
     * @param type     e.g. {@code chat_create}, {@code chat_invite_user}, {@code chat_kick_user},
     *                 {@code chat_title_update}, {@code chat_pin_message}, {@code chat_unpin_message},
     *                 {@code chat_invite_user_by_link}
     * @param memberId the member the action is about, 0 when the type has none
     * @param text     the title for {@code chat_create} and {@code chat_title_update}, else empty
     * @since 0.1.0
     */
    public record Action(String type, long memberId, String text) {

        /**
         * Creates the value, checking its components.
         *
         * @param type e.g. {@code chat_create}, {@code chat_invite_user}, {@code chat_kick_user}, {@code
         *        chat_title_update}, {@code chat_pin_message}, {@code chat_unpin_message},
         *        {@code chat_invite_user_by_link}
         * @param memberId the member the action is about, 0 when the type has none
         * @param text the title for {@code chat_create} and {@code chat_title_update}, else empty
         */
        public Action {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(text, "text");
        }
    }
}
