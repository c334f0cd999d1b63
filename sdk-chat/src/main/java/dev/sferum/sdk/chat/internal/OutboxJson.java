package dev.sferum.sdk.chat.internal;

import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON form a durable {@link dev.sferum.sdk.chat.MessageOutbox} keeps a pending {@link SendRequest} in: the
 * file outbox ({@code MessageOutbox.file}) and sdk-jdbc's outbox write and read it, so an entry means the same
 * wherever it is stored. A store adds its own fields (a format version, when it was enqueued) to the object.
 *
 * <pre>{@code
 * ObjectNode n = OutboxJson.write(request);
 * n.put("enqueuedAt", at.toString());
 * ...
 * SendRequest again = OutboxJson.read(n).build();
 * }</pre>
 *
 * <p>Fields: {@code key} (the idempotency key), {@code peers}, {@code text} (left out when empty),
 * {@code attachments}, {@code replyTo} ({@code peer} and {@code messageId}/{@code cmid} or {@code key}),
 * {@code disableMentions}, {@code dontParseLinks}. The object holds the message text: never log it.
 *
 * <p>Not public API: exported only to sdk-jdbc, whose outbox shares the form.
 */
public final class OutboxJson {
    private OutboxJson() {
    }

    /**
     * Writes a request.
     *
     * @param r the request
     * @return a new object holding it
     */
    public static ObjectNode write(SendRequest r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("key", r.idempotencyKey());
        ArrayNode peers = n.putArray("peers");
        r.peers().forEach(p -> peers.add(p.toString()));
        if (!r.text().isEmpty()) {
            n.put("text", r.text());
        }
        ArrayNode attachments = n.putArray("attachments");
        r.attachments().forEach(attachments::add);
        r.replyTo().ifPresent(m -> {
            ObjectNode reply = n.putObject("replyTo");
            reply.put("peer", m.peer().toString());
            m.messageId().ifPresent(id -> reply.put("messageId", id));
            m.conversationMessageId().ifPresent(id -> reply.put("cmid", id));
            m.key().ifPresent(k -> reply.put("key", k));
        });
        n.put("disableMentions", r.disableMentions());
        n.put("dontParseLinks", r.dontParseLinks());
        return n;
    }

    /**
     * Reads a request {@link #write} wrote (also one written with {@code "text": ""}).
     *
     * @param n the object
     * @return a builder holding the request, for {@code build()}
     * @throws IllegalArgumentException if a peer or the reply target cannot be parsed; {@code build()} throws if the
     *     request is not valid. A store turns either into its own "not a request this library wrote" error.
     */
    public static SendRequest.Builder read(JsonNode n) {
        SendRequest.Builder b = SendRequest.builder().idempotencyKey(n.path("key").asLong(0));
        List<PeerId> peers = new ArrayList<>();
        n.path("peers").forEach(p -> peers.add(PeerId.parse(p.asString(""))));
        b.peers(peers);
        if (n.has("text")) {
            b.text(n.path("text").asString(""));
        }
        List<String> attachments = new ArrayList<>();
        n.path("attachments").forEach(a -> attachments.add(a.asString("")));
        b.attachments(attachments);
        if (n.has("replyTo")) {
            JsonNode reply = n.path("replyTo");
            PeerId peer = PeerId.parse(reply.path("peer").asString(""));
            b.replyTo(reply.has("key") ? MessageRef.keyed(peer, reply.path("key").asString(""))
                    : MessageRef.of(peer, reply.path("messageId").asLong(0), reply.path("cmid").asLong(0)));
        }
        return b.disableMentions(n.path("disableMentions").asBoolean(false))
                .dontParseLinks(n.path("dontParseLinks").asBoolean(false));
    }
}
