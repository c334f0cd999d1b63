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
 * @since 0.1.0
 */
public final class EditRequest {
    private final MessageRef message;
    private final String text;
    private final List<String> attachments;
    private final boolean keepForwardMessages;
    private final boolean keepSnippets;

    private EditRequest(Builder b) {
        this.message = b.message;
        this.text = b.text == null ? "" : b.text;
        this.attachments = List.copyOf(b.attachments);
        this.keepForwardMessages = b.keepForwardMessages;
        this.keepSnippets = b.keepSnippets;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this request */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.message = message;
        b.text = text.isEmpty() ? null : text;
        b.attachments.addAll(attachments);
        b.keepForwardMessages = keepForwardMessages;
        b.keepSnippets = keepSnippets;
        return b;
    }

    /** @return the message to edit */
    public MessageRef message() {
        return message;
    }

    /** @return the new text, or empty to keep only attachments; do not log it */
    public String text() {
        return text;
    }

    /** @return the new attachments in wire form; unmodifiable */
    public List<String> attachments() {
        return attachments;
    }

    /** @return whether forwarded messages stay */
    public boolean keepForwardMessages() {
        return keepForwardMessages;
    }

    /** @return whether link snippets stay */
    public boolean keepSnippets() {
        return keepSnippets;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EditRequest r && r.message.equals(message) && r.text.equals(text) && r.attachments.equals(attachments)
                && r.keepForwardMessages == keepForwardMessages && r.keepSnippets == keepSnippets;
    }

    @Override
    public int hashCode() {
        return Objects.hash(message, text, attachments, keepForwardMessages, keepSnippets);
    }

    /** @return the message and sizes; never the text */
    @Override
    public String toString() {
        return "EditRequest[" + message + ", textLength=" + text.length() + ", attachments=" + attachments.size() + "]";
    }

    /** Builds an {@link EditRequest}. Not thread-safe. */
    public static final class Builder {
        private MessageRef message;
        private String text;
        private final List<String> attachments = new ArrayList<>();
        private boolean keepForwardMessages = true;
        private boolean keepSnippets = true;

        private Builder() {
        }

        /**
         * @param message the message to edit
         * @return this builder
         */
        public Builder message(MessageRef message) {
            this.message = Objects.requireNonNull(message, "message");
            return this;
        }

        /**
         * @param text the new text; not blank
         * @return this builder
         */
        public Builder text(String text) {
            this.text = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * @param attachments the new attachments in wire form
         * @return this builder
         */
        public Builder attachments(Collection<String> attachments) {
            this.attachments.clear();
            for (String a : Objects.requireNonNull(attachments, "attachments")) {
                this.attachments.add(Checks.attachment(a));
            }
            return this;
        }

        /**
         * @param keep whether forwarded messages stay; default true
         * @return this builder
         */
        public Builder keepForwardMessages(boolean keep) {
            this.keepForwardMessages = keep;
            return this;
        }

        /**
         * @param keep whether link snippets stay; default true
         * @return this builder
         */
        public Builder keepSnippets(boolean keep) {
            this.keepSnippets = keep;
            return this;
        }

        /**
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
