package dev.sferum.sdk.chat;

import dev.sferum.sdk.chat.spi.Checks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Replaces the text (and optionally the attachments) of a message the acting account sent.
 *
 * <pre>{@code
 * chats.edit(r -> r.message(sent).text("Урок перенесён на 11:00"));
 * }</pre>
 *
 * <p>An edit cannot be split: the text must fit the backend's message limit (9,000 characters on VK), which the
 * client checks before any I/O. VK refuses edits of old messages (909) and some kinds of message (920).
 *
 * <p><b>Attachments.</b> Left unset, the message's attachments stay: MAX gets {@code "attachments": null}, which its
 * schema ({@code PUT /messages}) defines as "unchanged". {@link Builder#attachments} replaces them; an empty list
 * deletes them all (MAX: {@code "attachments": []}). VK's {@code messages.edit} has no "keep" switch for attachments:
 * it gets the attachments set, if any.
 *
 * <p><b>Text.</b> Left unset (only attachments given), MAX gets {@code "text": null}; its schema says what
 * {@code null} does only for attachments, so set the text again if it must stay. VK's {@code messages.edit} gets no
 * {@code message}, which its schema allows only when attachments are set. A blank text is refused when built.
 *
 * @since 0.1.0
 */
public final class EditRequest {
    private final MessageRef message;
    private final String text;
    private final List<String> attachments;
    private final boolean attachmentsSet;
    private final boolean keepForwardMessages;
    private final boolean keepSnippets;

    private EditRequest(Builder b) {
        this.message = b.message;
        this.text = b.text == null ? "" : b.text;
        this.attachments = List.copyOf(b.attachments);
        this.attachmentsSet = b.attachmentsSet;
        this.keepForwardMessages = b.keepForwardMessages;
        this.keepSnippets = b.keepSnippets;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this request} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.message = message;
        b.text = text.isEmpty() ? null : text;
        b.attachments.addAll(attachments);
        b.attachmentsSet = attachmentsSet;
        b.keepForwardMessages = keepForwardMessages;
        b.keepSnippets = keepSnippets;
        return b;
    }

    /** {@return the message to edit} */
    public MessageRef message() {
        return message;
    }

    /** {@return the new text, or empty to keep only attachments; do not log it} */
    public String text() {
        return text;
    }

    /**
     * {@return the new attachments in wire form, empty when unset or set to none (see {@link #replacesAttachments()});
     *     unmodifiable}
     */
    public List<String> attachments() {
        return attachments;
    }

    /**
     * {@return whether the caller set the attachments: true replaces the message's attachments with
     *     {@link #attachments()} (none deletes them all), false keeps them}
     */
    public boolean replacesAttachments() {
        return attachmentsSet;
    }

    /** {@return whether forwarded messages stay} */
    public boolean keepForwardMessages() {
        return keepForwardMessages;
    }

    /** {@return whether link snippets stay} */
    public boolean keepSnippets() {
        return keepSnippets;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EditRequest r && r.message.equals(message) && r.text.equals(text) && r.attachments.equals(attachments) && r.attachmentsSet == attachmentsSet
                && r.keepForwardMessages == keepForwardMessages && r.keepSnippets == keepSnippets;
    }

    @Override
    public int hashCode() {
        return Objects.hash(message, text, attachments, attachmentsSet, keepForwardMessages, keepSnippets);
    }

    /** {@return the message and sizes; never the text} */
    @Override
    public String toString() {
        return "EditRequest[" + message + ", textLength=" + text.length() + ", attachments=" + attachments.size() + "]";
    }

    /** Builds an {@link EditRequest}. Not thread-safe. */
    public static final class Builder {
        private MessageRef message;
        private String text;
        private final List<String> attachments = new ArrayList<>();
        private boolean attachmentsSet;
        private boolean keepForwardMessages = true;
        private boolean keepSnippets = true;

        private Builder() {
        }

        /**
         * Sets the message to edit.
         *
         * @param message the message to edit
         * @return this builder
         */
        public Builder message(MessageRef message) {
            this.message = Objects.requireNonNull(message, "message");
            return this;
        }

        /**
         * Sets the new text.
         *
         * @param text the new text; not blank
         * @return this builder
         */
        public Builder text(String text) {
            this.text = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * Replaces the message's attachments; not calling it keeps them.
         *
         * @param attachments the new attachments in wire form; an empty collection deletes them all
         * @return this builder
         */
        public Builder attachments(Collection<String> attachments) {
            this.attachments.clear();
            for (String a : Objects.requireNonNull(attachments, "attachments")) {
                this.attachments.add(Checks.attachment(a));
            }
            this.attachmentsSet = true;
            return this;
        }

        /**
         * Sets whether forwarded messages stay.
         *
         * @param keep whether forwarded messages stay; default true
         * @return this builder
         */
        public Builder keepForwardMessages(boolean keep) {
            this.keepForwardMessages = keep;
            return this;
        }

        /**
         * Sets whether link snippets stay.
         *
         * @param keep whether link snippets stay; default true
         * @return this builder
         */
        public Builder keepSnippets(boolean keep) {
            this.keepSnippets = keep;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalArgumentException if the message is missing, or the text is blank with no attachments
         */
        public EditRequest build() {
            if (message == null) {
                throw new IllegalArgumentException("set the message to edit");
            }
            if (text != null && text.isBlank()) {
                throw new IllegalArgumentException("the new text is " + (text.isEmpty() ? "empty" : "only whitespace")
                        + "; give a text, or leave it unset to keep only attachments");
            }
            if (text == null && attachments.isEmpty()) {
                throw new IllegalArgumentException("an edit needs a new text or attachments");
            }
            if (attachments.size() > SendRequest.MAX_ATTACHMENTS) {
                throw new IllegalArgumentException("at most " + SendRequest.MAX_ATTACHMENTS + " attachments per message: " + attachments.size());
            }
            return new EditRequest(this);
        }
    }
}
