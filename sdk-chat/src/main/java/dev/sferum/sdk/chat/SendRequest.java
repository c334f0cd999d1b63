package dev.sferum.sdk.chat;

import dev.sferum.sdk.chat.spi.Checks;
import dev.sferum.sdk.chat.spi.RandomIds;
import dev.sferum.sdk.core.internal.Require;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A text message (with optional attachments) to one peer or many, with its idempotency key fixed when the request
 * is built.
 *
 * <pre>{@code
 * SendRequest homework = SendRequest.builder()
 *         .peer(PeerId.chat(12))
 *         .text("Домашнее задание: §12, упр. 3–5")
 *         .attachments("doc-123456_789")
 *         .build();
 * chats.send(homework);      // repeating chats.send(homework) cannot post it twice
 * }</pre>
 *
 * <p><b>Exactly once.</b> {@link #idempotencyKey()} is a positive 63-bit value chosen once by {@link Builder#build()}
 * (from a {@link java.security.SecureRandom}) or given by you, and kept with the request: the client's outbox
 * stores it before the first attempt, every retry and every re-send after a restart uses it, and the VK backend
 * derives each part's {@code random_id} from it, so VK drops a repeated part. Build a new request for a new
 * message; reuse the request object (or its key) to repeat the same one.
 *
 * <p><b>Long texts.</b> A text longer than the backend's message limit (9,000 characters on VK, 4,000 on MAX) is
 * split in order into several messages, preferably at a paragraph, then a line, then a word boundary. The
 * attachments go with the last part; a reply reference with the first.
 *
 * <p><b>Limits checked here.</b> At least one peer and at most {@value #MAX_PEERS}, no peer twice; text or
 * attachments required; a text, if given, not blank and at most {@value #MAX_TEXT_LENGTH} characters; at most
 * {@value #MAX_ATTACHMENTS} attachments, each non-blank without commas or whitespace. The backend checks its own
 * limits (VK: 10 attachments, 9,000 characters of attachment list) before any I/O.
 *
 * @since 0.1.0
 */
public final class SendRequest {
    /** The most peers one request may address: {@value}. The backend splits them into calls (100 per VK call). */
    public static final int MAX_PEERS = 10_000;
    /** The longest text one request may carry, in UTF-16 chars: {@value} (11 VK messages). */
    public static final int MAX_TEXT_LENGTH = 100_000;
    /** The most attachments one request may carry: {@value}. */
    public static final int MAX_ATTACHMENTS = 10;

    private final List<PeerId> peers;
    private final String text;
    private final List<String> attachments;
    private final MessageRef replyTo;
    private final boolean disableMentions;
    private final boolean dontParseLinks;
    private final long idempotencyKey;

    private SendRequest(Builder b) {
        this.peers = List.copyOf(b.peers);
        this.text = b.text == null ? "" : b.text;
        this.attachments = List.copyOf(b.attachments);
        this.replyTo = b.replyTo;
        this.disableMentions = b.disableMentions;
        this.dontParseLinks = b.dontParseLinks;
        this.idempotencyKey = b.idempotencyKey != 0 ? b.idempotencyKey : RandomIds.next();
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return a builder holding this request, <em>including its idempotency key</em>} A request built from it is the
     * same message; call {@link Builder#newIdempotencyKey()} to make it a new one.
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.peers.addAll(peers);
        b.text = text.isEmpty() ? null : text;
        b.attachments.addAll(attachments);
        b.replyTo = replyTo;
        b.disableMentions = disableMentions;
        b.dontParseLinks = dontParseLinks;
        b.idempotencyKey = idempotencyKey;
        return b;
    }

    /** {@return the peers, in order, without duplicates; unmodifiable} */
    public List<PeerId> peers() {
        return peers;
    }

    /** {@return the text, or an empty string for an attachments-only message; do not log it} */
    public String text() {
        return text;
    }

    /** {@return the attachments in wire form; unmodifiable} */
    public List<String> attachments() {
        return attachments;
    }

    /** {@return the message this one replies to, if any} */
    public Optional<MessageRef> replyTo() {
        return Optional.ofNullable(replyTo);
    }

    /** {@return whether mentions in the text notify nobody} */
    public boolean disableMentions() {
        return disableMentions;
    }

    /** {@return whether links in the text get no preview snippet} */
    public boolean dontParseLinks() {
        return dontParseLinks;
    }

    /** {@return the positive 63-bit key that makes sending this request idempotent; fixed at build time} */
    public long idempotencyKey() {
        return idempotencyKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SendRequest r && r.peers.equals(peers) && r.text.equals(text) && r.attachments.equals(attachments)
                && Objects.equals(r.replyTo, replyTo) && r.disableMentions == disableMentions && r.dontParseLinks == dontParseLinks
                && r.idempotencyKey == idempotencyKey;
    }

    @Override
    public int hashCode() {
        return Objects.hash(peers, text, attachments, replyTo, disableMentions, dontParseLinks, idempotencyKey);
    }

    /** {@return the peers, key and sizes; never the text} */
    @Override
    public String toString() {
        return "SendRequest[key=" + idempotencyKey + ", peers=" + (peers.size() <= 3 ? peers.toString() : peers.size() + " peers")
                + ", textLength=" + text.length() + ", attachments=" + attachments.size() + "]";
    }

    /** Builds a {@link SendRequest}. Not thread-safe. */
    public static final class Builder {
        private final Set<PeerId> peers = new LinkedHashSet<>();
        private final List<PeerId> duplicates = new ArrayList<>();
        private String text;
        private final List<String> attachments = new ArrayList<>();
        private MessageRef replyTo;
        private boolean disableMentions;
        private boolean dontParseLinks;
        private long idempotencyKey;

        private Builder() {
        }

        /**
         * Sends to one peer (replacing any set before).
         *
         * @param peer a chat, user or community
         * @return this builder
         */
        public Builder peer(PeerId peer) {
            peers.clear();
            duplicates.clear();
            return addPeer(peer);
        }

        /**
         * Adds a peer to send to.
         *
         * @param peer a chat, user or community
         * @return this builder
         */
        public Builder addPeer(PeerId peer) {
            Objects.requireNonNull(peer, "peer");
            if (!peers.add(peer)) {
                duplicates.add(peer);
            }
            return this;
        }

        /**
         * Sends to these peers (replacing any set before), in order.
         *
         * @param peers the peers; none twice
         * @return this builder
         */
        public Builder peers(Collection<PeerId> peers) {
            this.peers.clear();
            duplicates.clear();
            Objects.requireNonNull(peers, "peers").forEach(this::addPeer);
            return this;
        }

        /**
         * Sets the text.
         *
         * @param text the text; any length up to {@value SendRequest#MAX_TEXT_LENGTH}, split by the backend as needed.
         *     Must not be blank; leave it unset for an attachments-only message
         * @return this builder
         */
        public Builder text(String text) {
            this.text = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * Replaces the attachments.
         *
         * @param attachments in wire form, such as {@code photo-123456_457239017} or {@code doc123_456_accesskey}
         * @return this builder
         */
        public Builder attachments(String... attachments) {
            return attachments(List.of(attachments));
        }

        /**
         * Replaces the attachments.
         *
         * @param attachments in wire form
         * @return this builder
         */
        public Builder attachments(Collection<String> attachments) {
            this.attachments.clear();
            for (String a : Objects.requireNonNull(attachments, "attachments")) {
                this.attachments.add(Objects.requireNonNull(a, "attachment"));
            }
            return this;
        }

        /**
         * Makes the (first part of the) message a reply. Only with a single peer, the one the message is in.
         *
         * @param message the message to reply to, or {@code null} for none
         * @return this builder
         */
        public Builder replyTo(MessageRef message) {
            this.replyTo = message;
            return this;
        }

        /**
         * Sets whether mentions in the text notify nobody.
         *
         * @param disable true so that mentions notify nobody; default false
         * @return this builder
         */
        public Builder disableMentions(boolean disable) {
            this.disableMentions = disable;
            return this;
        }

        /**
         * Sets whether links in the text get no preview.
         *
         * @param dontParse true so that links get no preview; default false
         * @return this builder
         */
        public Builder dontParseLinks(boolean dontParse) {
            this.dontParseLinks = dontParse;
            return this;
        }

        /**
         * Sets the idempotency key yourself, for example derived from your own message row, so that even a request
         * rebuilt after a crash is the same message. By default {@link #build()} draws a random one.
         *
         * @param key positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder idempotencyKey(long key) {
            this.idempotencyKey = Require.positive(key, "idempotencyKey");
            return this;
        }

        /**
         * Forgets the idempotency key, so that {@link #build()} draws a new one: the request becomes a new message.
         *
         * @return this builder
         */
        public Builder newIdempotencyKey() {
            this.idempotencyKey = 0;
            return this;
        }

        /**
         * Checks and builds the request, fixing its idempotency key.
         *
         * @return the request
         * @throws IllegalArgumentException if the request breaks a limit in the class description
         */
        public SendRequest build() {
            if (peers.isEmpty()) {
                throw new IllegalArgumentException("a message needs at least one peer; set peer(...) or peers(...)");
            }
            if (!duplicates.isEmpty()) {
                throw new IllegalArgumentException("a peer appears more than once: " + duplicates.get(0));
            }
            if (peers.size() > MAX_PEERS) {
                throw new IllegalArgumentException("at most " + MAX_PEERS + " peers per request: " + peers.size());
            }
            if (text != null) {
                if (text.isBlank()) {
                    throw new IllegalArgumentException("the text is " + (text.isEmpty() ? "empty" : "only whitespace")
                            + "; give a text, or leave it unset for an attachments-only message");
                }
                if (text.length() > MAX_TEXT_LENGTH) {
                    throw new IllegalArgumentException("the text is " + text.length() + " characters; at most " + MAX_TEXT_LENGTH
                            + " per request");
                }
            } else if (attachments.isEmpty()) {
                throw new IllegalArgumentException("a message needs a text or attachments");
            }
            if (attachments.size() > MAX_ATTACHMENTS) {
                throw new IllegalArgumentException("at most " + MAX_ATTACHMENTS + " attachments per message: " + attachments.size());
            }
            for (String a : attachments) {
                Checks.attachment(a);
            }
            if (replyTo != null && (peers.size() != 1 || !replyTo.peer().equals(peers.iterator().next()))) {
                throw new IllegalArgumentException("a reply goes to the peer the replied message is in (" + replyTo.peer()
                        + ") and only there; the request has " + peers);
            }
            return new SendRequest(this);
        }
    }
}
