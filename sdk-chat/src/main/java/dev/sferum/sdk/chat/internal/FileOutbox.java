package dev.sferum.sdk.chat.internal;

import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.OutboxEntry;
import dev.sferum.sdk.chat.OutboxRefusal;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.internal.AtomicFiles;
import dev.sferum.sdk.core.internal.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link MessageOutbox#file(Path)}: every pending entry in one JSON file, rewritten with {@link AtomicFiles} on each
 * change, so a crash leaves the old or the new list, never a torn one. The file holds message texts, so it is
 * owner-only. Refused entries are kept under {@code "refused"} (a file without that key has none).
 */
public final class FileOutbox extends MapOutbox {
    private static final int VERSION = 1;

    private final Path file;

    /**
     * @param file the file
     */
    public FileOutbox(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        AtomicFiles.read(file).ifPresent(bytes -> load(bytes));
    }

    private void load(byte[] bytes) {
        try {
            JsonNode root = Json.read(bytes);
            if (root.path("version").asInt(0) != VERSION || !root.path("entries").isArray()) {
                throw new IllegalStateException(file + " is not a message outbox file (version " + VERSION + ")");
            }
            for (JsonNode e : root.path("entries")) {
                OutboxEntry entry = entry(e);
                entries.put(entry.key(), entry);
            }
            for (JsonNode r : root.path("refused")) {
                OutboxRefusal refusal = new OutboxRefusal(entry(r), Instant.parse(r.path("refusedAt").asString("")),
                        ErrorCategory.valueOf(r.path("category").asString("")), r.path("errorCode").asInt(0), r.path("reason").asString(""));
                refusals.put(refusal.key(), refusal);
            }
        } catch (JacksonException | IllegalArgumentException | NullPointerException | java.time.DateTimeException e) {
            throw new IllegalStateException(file + " is not a readable message outbox file: " + e.getClass().getSimpleName()
                    + "; move it aside to start with an empty outbox", e instanceof JacksonException ? null : e);
        }
    }

    @Override
    void changed() {
        save();
    }

    private void save() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", VERSION);
        ArrayNode list = root.putArray("entries");
        for (OutboxEntry e : entries.values()) {
            list.add(json(e));
        }
        if (!refusals.isEmpty()) {
            ArrayNode refused = root.putArray("refused");
            for (OutboxRefusal r : refusals.values()) {
                ObjectNode n = json(r.entry());
                n.put("refusedAt", r.refusedAt().toString());
                n.put("category", r.category().name());
                n.put("errorCode", r.errorCode());
                n.put("reason", r.reason());
                refused.add(n);
            }
        }
        AtomicFiles.write(file, Json.write(root).getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode json(OutboxEntry e) {
        SendRequest r = e.request();
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("key", r.idempotencyKey());
        n.put("enqueuedAt", e.enqueuedAt().toString());
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

    private static OutboxEntry entry(JsonNode n) {
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
        b.disableMentions(n.path("disableMentions").asBoolean(false)).dontParseLinks(n.path("dontParseLinks").asBoolean(false));
        return new OutboxEntry(b.build(), Instant.parse(n.path("enqueuedAt").asString("")));
    }

    @Override
    public String toString() {
        return describe("file " + file);
    }
}
