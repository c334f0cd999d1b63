package dev.sferum.sdk.chat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Deletes messages, for everyone where the backend allows it.
 *
 * <pre>{@code
 * DeleteResult r = chats.delete(d -> d.messages(sent).forAll(true));
 * }</pre>
 *
 * <p>On VK, messages known by {@code message_id} go in groups of up to 1,000 per call; messages known only by
 * conversation message id go per peer in groups of up to 100. Deleting for everyone works only within a window
 * after sending (often said to be 24 hours; VK error 924 otherwise), reported per message in the result.
 *
 * @since 0.1.0
 */
public final class DeleteRequest {
    /** The most messages per request: {@value}. */
    public static final int MAX_MESSAGES = 1000;

    private final List<MessageRef> messages;
    private final boolean forAll;

    private DeleteRequest(Builder b) {
        this.messages = List.copyOf(b.messages);
        this.forAll = b.forAll;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this request} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.messages.addAll(messages);
        b.forAll = forAll;
        return b;
    }

    /** {@return the messages, in order; unmodifiable} */
    public List<MessageRef> messages() {
        return messages;
    }

    /** {@return whether to delete for every participant, not only the acting account} */
    public boolean forAll() {
        return forAll;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeleteRequest r && r.messages.equals(messages) && r.forAll == forAll;
    }

    @Override
    public int hashCode() {
        return Objects.hash(messages, forAll);
    }

    @Override
    public String toString() {
        return "DeleteRequest[" + messages.size() + " messages, forAll=" + forAll + "]";
    }

    /** Builds a {@link DeleteRequest}. Not thread-safe. */
    public static final class Builder {
        private final LinkedHashSet<MessageRef> messages = new LinkedHashSet<>();
        private final List<MessageRef> duplicates = new ArrayList<>();
        private boolean forAll;

        private Builder() {
        }

        /**
         * Replaces the messages.
         *
         * @param messages the messages; none twice
         * @return this builder
         */
        public Builder messages(MessageRef... messages) {
            return messages(List.of(messages));
        }

        /**
         * Replaces the messages.
         *
         * @param messages the messages; none twice
         * @return this builder
         */
        public Builder messages(Collection<MessageRef> messages) {
            this.messages.clear();
            duplicates.clear();
            for (MessageRef m : Objects.requireNonNull(messages, "messages")) {
                if (!this.messages.add(Objects.requireNonNull(m, "message"))) {
                    duplicates.add(m);
                }
            }
            return this;
        }

        /**
         * Sets whether to delete for every participant rather than only for the acting account.
         *
         * @param forAll true to delete for every participant; default false (only for the acting account)
         * @return this builder
         */
        public Builder forAll(boolean forAll) {
            this.forAll = forAll;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalArgumentException if there are no messages, too many, or one twice
         */
        public DeleteRequest build() {
            if (messages.isEmpty()) {
                throw new IllegalArgumentException("set at least one message to delete");
            }
            if (!duplicates.isEmpty()) {
                throw new IllegalArgumentException("a message appears more than once: " + duplicates.get(0));
            }
            if (messages.size() > MAX_MESSAGES) {
                throw new IllegalArgumentException("at most " + MAX_MESSAGES + " messages per request: " + messages.size());
            }
            return new DeleteRequest(this);
        }
    }
}
