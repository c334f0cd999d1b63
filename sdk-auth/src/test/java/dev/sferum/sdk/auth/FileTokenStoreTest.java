package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.testing.Canary;
import dev.sferum.sdk.auth.testing.CrashWriter;
import dev.sferum.sdk.auth.testing.Grants;
import dev.sferum.sdk.core.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The file store on disk: format, permissions, refusing damaged files, and surviving crashes mid-write. */
class FileTokenStoreTest {
    static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    @TempDir
    Path dir;

    Path file() {
        return dir.resolve("school/vkid-tokens.json");
    }

    static StoredGrant grant(long revision) {
        return Grants.numbered(revision);
    }

    @Test
    void save_writesVersionedReadableJsonWithOwnerOnlyPermissions() throws Exception {
        FileTokenStore store = FileTokenStore.open(file());

        store.save(Grants.KEY, TokenStoreContractTest.grant(Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN, 1));

        JsonNode root = Json.read(Files.readAllBytes(file()));
        assertThat(root.get("format").asString()).isEqualTo("sferum-sdk-auth/token-store");
        assertThat(root.get("version").asInt()).isEqualTo(1);
        JsonNode g = root.get("grants").get(Grants.KEY);
        assertThat(g.get("revision").asLong()).isEqualTo(1);
        assertThat(g.get("user_id").asLong()).isEqualTo(1001);
        assertThat(g.get("refresh_token").asString()).isEqualTo(Canary.REFRESH_TOKEN);
        assertThat(g.get("access_token_expires_at").asString()).isEqualTo("2025-09-01T09:00:00Z");
        assertThat(Files.readString(file())).as("pretty-printed for operators").contains("\n");
        try (Stream<Path> files = Files.list(file().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("vkid-tokens.json", "vkid-tokens.json.lock");
        }
        if (POSIX) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent()))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("school/vkid-tokens.json.lock")))).isEqualTo("rw-------");
        }
    }

    /**
     * Each write puts a new file in place (temp file, then atomic move) instead of rewriting the old one, so a crash
     * or a concurrent reader never sees a half-written file: the file's identity (its inode) changes every time.
     */
    @Test
    void save_putsANewFileInPlaceInsteadOfRewritingTheOldOne() throws Exception {
        FileTokenStore store = FileTokenStore.open(file());
        store.save(Grants.KEY, grant(1));
        Object before = Files.readAttributes(file(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        assumeThat(before).as("the file system exposes file identities").isNotNull();

        store.replace(Grants.KEY, grant(1), grant(2));

        Object after = Files.readAttributes(file(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void open_whenAnotherInstanceWrote_seesItsGrants() {
        FileTokenStore.open(file()).save(Grants.KEY, grant(4));

        assertThat(FileTokenStore.open(file()).load(Grants.KEY)).contains(grant(4));
    }

    @Test
    void open_whenFileIsReadableByOthers_makesItOwnerOnly() throws Exception {
        assumeThat(POSIX).isTrue();
        FileTokenStore.open(file()).save(Grants.KEY, grant(1));
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));

        FileTokenStore.open(file());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    }

    @Test
    void open_whenFileIsDamaged_refusesAndNeverOverwritesIt() throws Exception {
        Files.createDirectories(file().getParent());
        byte[] torn = "{\"format\":\"sferum-sdk-auth/token-store\",\"version\":1,\"grants\":{\"vkid:1001\":{\"revis".getBytes(StandardCharsets.UTF_8);
        Files.write(file(), torn);

        IllegalStateException e = catchThrowableOfType(IllegalStateException.class, () -> FileTokenStore.open(file()));

        assertThat(e).hasMessageContaining(file().toString()).hasMessageContaining("not valid JSON").hasMessageContaining("left untouched");
        assertThat(Files.readAllBytes(file())).isEqualTo(torn);
    }

    @Test
    void save_whenFileWasDamagedAfterOpening_refusesAndNeverOverwritesIt() throws Exception {
        FileTokenStore store = FileTokenStore.open(file());
        store.save(Grants.KEY, grant(1));
        byte[] damaged = "not json".getBytes(StandardCharsets.UTF_8);
        Files.write(file(), damaged);

        catchThrowableOfType(IllegalStateException.class, () -> store.save("vkid:2002", grant(1)));

        assertThat(Files.readAllBytes(file())).isEqualTo(damaged);
    }

    @Test
    void open_whenGrantIsIncomplete_namesTheGrantButNoValue() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"format\":\"sferum-sdk-auth/token-store\",\"version\":1,\"grants\":{\"vkid:1001\":"
                + "{\"revision\":1,\"user_id\":1001,\"access_token\":\"" + Canary.ACCESS_TOKEN + "\"}}}");

        IllegalStateException e = catchThrowableOfType(IllegalStateException.class, () -> FileTokenStore.open(file()));

        assertThat(e).hasMessageContaining("vkid:1001").hasMessageContaining("incomplete");
        assertThat(e.getMessage()).doesNotContain(Canary.ACCESS_TOKEN);
    }

    @Test
    void open_whenWrittenByANewerSdk_refusesWithUpgradeHint() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"format\":\"sferum-sdk-auth/token-store\",\"version\":2,\"grants\":{}}");

        IllegalStateException e = catchThrowableOfType(IllegalStateException.class, () -> FileTokenStore.open(file()));

        assertThat(e).hasMessageContaining("version 2").hasMessageContaining("upgrade the SDK");
    }

    /** The disk states a crash can leave at each step of a write: temp file (partly or fully written, synced or not), not yet moved. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "{\"format\":\"sferum-sdk-auth/token-store\",\"vers",
            "{\"format\":\"sferum-sdk-auth/token-store\",\"version\":1,\"grants\":{}}"})
    void open_whenACrashStoppedAWriteBeforeItsMove_readsTheLastCompletedWrite(String tempContent) throws Exception {
        FileTokenStore.open(file()).save(Grants.KEY, grant(7));
        Path stray = file().resolveSibling(".vkid-tokens.json815.tmp");
        Files.writeString(stray, tempContent);

        FileTokenStore reopened = FileTokenStore.open(file());

        assertThat(reopened.load(Grants.KEY)).contains(grant(7));
        assertThat(reopened.replace(Grants.KEY, grant(7), grant(8))).isTrue();
        assertThat(stray).as("the next write clears what the crash left").doesNotExist();
        assertThat(FileTokenStore.open(file()).load(Grants.KEY)).contains(grant(8));
    }

    @Test
    void load_whenACrashLeftAHalfWrittenTempFile_readsTheLastCompleteWriteAndNextWriteRemovesIt() throws Exception {
        FileTokenStore store = FileTokenStore.open(file());
        store.save(Grants.KEY, grant(7));
        Path stray = file().resolveSibling(".vkid-tokens.json4711993.tmp");
        Files.writeString(stray, "{\"format\":\"sferum-sdk-auth/token-store\",\"version\":1,\"grants\":{\"vkid:1001\":{\"revision\":8,\"ref");

        FileTokenStore reopened = FileTokenStore.open(file());
        assertThat(reopened.load(Grants.KEY)).contains(grant(7));
        assertThat(reopened.replace(Grants.KEY, grant(7), grant(8))).isTrue();

        assertThat(stray).doesNotExist();
        assertThat(FileTokenStore.open(file()).load(Grants.KEY)).contains(grant(8));
    }

    /**
     * A child JVM rotates the grant as fast as it can and is killed (SIGKILL) at an arbitrary point, twice: each
     * time the next process opens the file (the dead writer's lock is gone), reads it, and finds the last revision the
     * child reported as written or the one after it (a write that finished after the last report), with matching
     * tokens. A kill rarely lands inside a write, so the crash states themselves are checked one by one by the
     * deterministic tests above.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void replace_whenProcessIsKilledMidWrite_fileHoldsTheLastCompletedRevision() throws Exception {
        FileTokenStore.open(file()).save(Grants.KEY, grant(1));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 1; round <= 2; round++) {
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), file().toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long lastReported = 0;
            int writes = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line = null;
                while (writes < 10 * round && (line = out.readLine()) != null) {
                    lastReported = Long.parseLong(line.trim());
                    writes++;
                }
                // SIGKILL through the handle: Process.destroyForcibly would also close our end of its output
                assertThat(child.toHandle().destroyForcibly()).isTrue();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                while ((line = out.readLine()) != null) {
                    if (!line.isBlank()) {
                        lastReported = Long.parseLong(line.trim());
                    }
                }
            }
            assertThat(writes).as("the child wrote before it was killed (round %d)", round).isEqualTo(10 * round);
            assertThat(child.exitValue()).as("killed, not finished").isNotZero();

            StoredGrant after = FileTokenStore.open(file()).load(Grants.KEY).orElseThrow();
            assertThat(after.revision()).as("round %d", round).isBetween(lastReported, lastReported + 1);
            assertThat(after).isEqualTo(grant(after.revision()));
        }
        try (Stream<Path> files = Files.list(file().getParent())) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).contains("vkid-tokens.json");
        }
    }
}
