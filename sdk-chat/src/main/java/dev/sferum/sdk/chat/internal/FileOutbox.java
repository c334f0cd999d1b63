package dev.sferum.sdk.chat.internal;

import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.OutboxEntry;
import dev.sferum.sdk.chat.OutboxRefusal;
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
        ObjectNode n = OutboxJson.write(e.request());
        n.put("enqueuedAt", e.enqueuedAt().toString());
        return n;
    }

    private static OutboxEntry entry(JsonNode n) {
        return new OutboxEntry(OutboxJson.read(n).build(), Instant.parse(n.path("enqueuedAt").asString("")));
    }

    @Override
    public String toString() {
        return describe("file " + file);
    }
}
