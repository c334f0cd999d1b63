package dev.sferum.sdk.auth;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.internal.AtomicFiles;
import dev.sferum.sdk.core.internal.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A {@link TokenStore} in one JSON file, for a small school server without a database.
 *
 * <pre>{@code
 * TokenStore store = FileTokenStore.open(Path.of("/var/lib/school-app/vkid-tokens.json"));
 * }</pre>
 *
 * <p><b>Safety.</b> Every change rewrites the file atomically (temp file in the same folder, fsync, atomic move, fsync
 * of the folder): a crash or power cut at any moment leaves either the old file or the new one, never a torn one, and
 * temp files a crash left behind are removed by the next write. The file and its folder (if the store creates it)
 * get owner-only permissions where the file system has them; an existing file that others can read is made
 * owner-only on open. Tokens are stored in clear text — protect the disk and its backups like a password database.
 *
 * <p><b>Format.</b> Readable JSON with a version field, so an operator can inspect it and a future SDK can migrate it:
 * <pre>{@code
 * {"format": "sferum-sdk-auth/token-store", "version": 1, "grants": {"vkid:1001": {"revision": 3, "user_id": 1001,
 *   "device_id": "…", "access_token": "…", "access_token_expires_at": "2025-09-01T10:00:00Z", "refresh_token": "…",
 *   "id_token": "…", "scopes": ["email"]}}}
 * }</pre>
 * A file that is not such JSON, or of a newer version, is refused and never overwritten.
 *
 * <p><b>Concurrency.</b> Thread-safe. Writes take a lock file ({@code <name>.lock}) so processes on the same machine
 * may share the file; reads need no lock. Open one instance per file in a process and share it. Each write rewrites
 * the whole file: fine for thousands of grants, not for millions (use a database store then).
 *
 * @since 0.1.0
 */
public final class FileTokenStore implements TokenStore {
    /** The {@code format} field's value. */
    public static final String FORMAT = "sferum-sdk-auth/token-store";
    /** The format version this SDK writes and reads. */
    public static final int VERSION = 1;

    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.auth.store");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final Path lockFile;
    private final Object lock = new Object();

    private FileTokenStore(Path file) {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    }

    /**
     * Opens (or prepares to create) the store at {@code file}, checking an existing file at once.
     *
     * @param file the JSON file; its folder is created (owner-only) on the first write if missing
     * @return the store
     * @throws IllegalStateException if the file exists but is not a token store this SDK can read
     * @throws UncheckedIOException if the file exists but cannot be read
     */
    public static FileTokenStore open(Path file) {
        Objects.requireNonNull(file, "file");
        Path abs = file.toAbsolutePath().normalize();
        if (abs.getFileName() == null) {
            throw new IllegalArgumentException("the token store needs a file path, not a root: " + file);
        }
        FileTokenStore store = new FileTokenStore(abs);
        store.readAll();
        store.tightenPermissions();
        return store;
    }

    /** {@return the file} */
    public Path file() {
        return file;
    }

    @Override
    public Optional<StoredGrant> load(String key) {
        Objects.requireNonNull(key, "key");
        return Optional.ofNullable(readAll().get(key));
    }

    @Override
    public void save(String key, StoredGrant grant) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(grant, "grant");
        update(all -> {
            all.put(key, grant);
            return all;
        });
    }

    @Override
    public boolean replace(String key, StoredGrant expected, StoredGrant next) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
        boolean[] replaced = {false};
        update(all -> {
            if (!expected.equals(all.get(key))) {
                return null;
            }
            all.put(key, next);
            replaced[0] = true;
            return all;
        });
        return replaced[0];
    }

    @Override
    public void delete(String key) {
        Objects.requireNonNull(key, "key");
        update(all -> all.remove(key) == null ? null : all);
    }

    /** Read, change and write under the in-process and the cross-process lock; a {@code null} result writes nothing. */
    private void update(UnaryOperator<Map<String, StoredGrant>> change) {
        synchronized (lock) {
            try {
                AtomicFiles.createDirectories(file.getParent());
                try (FileChannel ch = POSIX
                        ? FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                        : FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock held = ch.lock();
                    try {
                        removeStrayTempFiles();
                        Map<String, StoredGrant> next = change.apply(readAll());
                        if (next != null) {
                            AtomicFiles.write(file, encode(next));
                        }
                    } finally {
                        held.release();
                    }
                }
            } catch (OverlappingFileLockException e) {
                throw new IllegalStateException("another FileTokenStore in this process is writing " + file
                        + "; open one FileTokenStore per file and share it", e);
            } catch (IOException e) {
                throw new UncheckedIOException("could not lock or write the token store " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Temp files of writes a crash interrupted; safe to remove while holding the lock, since no one else writes. */
    private void removeStrayTempFiles() throws IOException {
        String prefix = "." + file.getFileName();
        try (DirectoryStream<Path> stray = Files.newDirectoryStream(file.getParent(), p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp");
        })) {
            for (Path p : stray) {
                Files.deleteIfExists(p);
                log.debug("removed {} left by an interrupted write", p.getFileName());
            }
        }
    }

    private void tightenPermissions() {
        if (!POSIX || !Files.exists(file)) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
                log.warn("the token store {} was readable or writable by others ({}); it is now owner-only",
                        file, PosixFilePermissions.toString(perms));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not check the permissions of the token store " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- format ---------------------------------------------------------------------------------------------------

    private Map<String, StoredGrant> readAll() {
        Optional<byte[]> bytes = AtomicFiles.read(file);
        Map<String, StoredGrant> out = new LinkedHashMap<>();
        if (bytes.isEmpty()) {
            return out;
        }
        JsonNode root;
        try {
            root = Json.read(bytes.get());
        } catch (RuntimeException e) {
            throw corrupt("it is not valid JSON");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(text(root, "format"))) {
            throw corrupt("it has no \"format\": \"" + FORMAT + "\"");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isIntegralNumber()) {
            throw corrupt("it has no version");
        }
        if (version.asInt() > VERSION) {
            throw new IllegalStateException("the token store " + file + " has format version " + version.asInt()
                    + ", written by a newer SDK; this SDK reads version " + VERSION + " — upgrade the SDK (the file is left untouched)");
        }
        JsonNode grants = root.get("grants");
        if (grants == null || !grants.isObject()) {
            throw corrupt("it has no \"grants\" object");
        }
        for (Map.Entry<String, JsonNode> e : grants.properties()) {
            out.put(e.getKey(), decode(e.getKey(), e.getValue()));
        }
        return out;
    }

    private StoredGrant decode(String key, JsonNode g) {
        try {
            List<String> scopes = new ArrayList<>();
            JsonNode s = g.get("scopes");
            if (s != null && s.isArray()) {
                for (JsonNode n : s) {
                    scopes.add(n.asString());
                }
            }
            String idToken = text(g, "id_token");
            UserTokens tokens = UserTokens.builder()
                    .accessToken(AccessToken.user(required(g, "access_token"), Instant.parse(required(g, "access_token_expires_at"))))
                    .refreshToken(Secret.of(required(g, "refresh_token")))
                    .idToken(idToken == null ? null : Secret.of(idToken))
                    .deviceId(required(g, "device_id"))
                    .userId(g.path("user_id").asLong())
                    .scopes(scopes)
                    .build();
            return new StoredGrant(tokens, g.path("revision").asLong());
        } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
            // the messages of these name fields, never values
            throw corrupt("the grant " + key + " is incomplete (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String required(JsonNode g, String field) {
        String v = text(g, field);
        if (v == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isString() ? null : v.asString();
    }

    private static byte[] encode(Map<String, StoredGrant> all) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ObjectNode grants = root.putObject("grants");
        for (Map.Entry<String, StoredGrant> e : all.entrySet()) {
            UserTokens t = e.getValue().tokens();
            ObjectNode g = grants.putObject(e.getKey());
            g.put("revision", e.getValue().revision());
            g.put("user_id", t.userId());
            g.put("device_id", t.deviceId());
            g.put("access_token", t.accessToken().reveal());
            g.put("access_token_expires_at", t.accessTokenExpiresAt().toString());
            g.put("refresh_token", t.refreshToken().reveal());
            t.idToken().ifPresent(id -> g.put("id_token", id.reveal()));
            ArrayNode scopes = g.putArray("scopes");
            t.scopes().forEach(scopes::add);
        }
        return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    private IllegalStateException corrupt(String what) {
        return new IllegalStateException("the token store " + file + " cannot be read: " + what + ". It is left untouched; "
                + "restore it from a backup, or move it away to make every user sign in again");
    }

    @Override
    public String toString() {
        return "FileTokenStore[" + file + "]";
    }
}
