package dev.sferum.sdk.core.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicFilesTest {

    @Test
    void write_whenReplacing_leavesOnlyTheNewContentOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state").resolve("tokens.json");

        AtomicFiles.write(file, "old".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));

        assertThat(AtomicFiles.read(file)).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("new"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void read_whenMissing_isEmpty(@TempDir Path dir) {
        assertThat(AtomicFiles.read(dir.resolve("none"))).isEmpty();
    }
}
