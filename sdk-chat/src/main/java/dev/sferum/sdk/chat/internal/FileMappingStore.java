package dev.sferum.sdk.chat.internal;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.roster.ChatMapping;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.CreateIntent;
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
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * {@link ChatMappingStore#file(Path)}: the mappings in one JSON file, rewritten with {@link AtomicFiles} on every
 * change (so a crash leaves the old or the new file, never a torn one).
 */
public final class FileMappingStore extends InMemoryMappingStore {
    private static final int VERSION = 1;

    private final Path file;

    /**
     * @param file the file
     */
    public FileMappingStore(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        AtomicFiles.read(file).ifPresent(this::load);
    }

    private void load(byte[] bytes) {
        try {
            JsonNode root = Json.read(bytes);
            if (root.path("version").asInt(0) != VERSION || !root.path("classes").isArray()) {
                throw new IllegalStateException(file + " is not a chat mapping file (version " + VERSION + ")");
            }
            for (JsonNode c : root.path("classes")) {
                String classId = c.path("classId").asString("");
                PeerId chat = c.hasNonNull("chat") ? PeerId.parse(c.path("chat").asString("")) : null;
                CreateIntent intent = null;
                if (c.hasNonNull("intent")) {
                    JsonNode i = c.path("intent");
                    intent = new CreateIntent(i.path("requestId").asString(""), i.path("title").asString(""),
                            Instant.parse(i.path("at").asString("")));
                }
                mappings.put(classId, new ChatMapping(classId, chat, intent));
            }
        } catch (JacksonException | IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalStateException(file + " is not a readable chat mapping file (" + e.getClass().getSimpleName()
                    + "); restore it from a backup: without it, roster sync would create every class's chat again", null);
        }
    }

    @Override
    protected void persist() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", VERSION);
        ArrayNode list = root.putArray("classes");
        for (ChatMapping m : mappings.values()) {
            ObjectNode c = list.addObject();
            c.put("classId", m.classId());
            m.chat().ifPresent(chat -> c.put("chat", chat.toString()));
            m.pendingCreate().ifPresent(i -> {
                ObjectNode n = c.putObject("intent");
                n.put("requestId", i.requestId());
                n.put("title", i.title());
                n.put("at", i.at().toString());
            });
        }
        AtomicFiles.write(file, Json.write(root).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized String toString() {
        return "ChatMappingStore[file " + file + ", " + mappings.size() + " classes]";
    }
}
