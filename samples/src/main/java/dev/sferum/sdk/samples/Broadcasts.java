package dev.sferum.sdk.samples;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broadcast journal: for each broadcast (by a digest of its text) and class, the idempotency key chosen before
 * the first send and whether the send completed. A re-run after a crash re-sends unfinished classes with the same
 * key — so VK drops any duplicate — and skips finished ones.
 */
final class Broadcasts {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One class's delivery of one broadcast. */
    record Delivery(long key, boolean sent) {
    }

    private final Path file;
    private final Map<String, Map<String, Delivery>> journal;
    private final SecureRandom random = new SecureRandom();

    Broadcasts(Path file) {
        this.file = file;
        Map<String, Map<String, Delivery>> loaded = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try {
                loaded = JSON.readValue(Files.readAllBytes(file), new TypeReference<Map<String, Map<String, Delivery>>>() {
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the broadcast journal " + file, e);
            }
        }
        this.journal = loaded;
    }

    static String idOf(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The delivery for a class, created (with a fresh key) and saved before the first send. */
    synchronized Delivery prepare(String broadcast, String classId) {
        Map<String, Delivery> classes = journal.computeIfAbsent(broadcast, b -> new LinkedHashMap<>());
        Delivery d = classes.get(classId);
        if (d == null) {
            d = new Delivery(random.nextLong() & Long.MAX_VALUE | 1, false);
            classes.put(classId, d);
            save();
        }
        return d;
    }

    synchronized void sent(String broadcast, String classId) {
        Delivery d = journal.get(broadcast).get(classId);
        journal.get(broadcast).put(classId, new Delivery(d.key(), true));
        save();
    }

    synchronized void forget(String broadcast) {
        if (journal.remove(broadcast) != null) {
            save();
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".broadcasts", ".tmp");
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(journal));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broadcast journal " + file, e);
        }
    }
}
