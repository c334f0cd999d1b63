package dev.sferum.sdk.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The one atomic-write routine every file-backed store uses: write a temp file in the same folder (owner-only
 * permissions where the file system has them), fsync it, move it over the target atomically, then fsync the
 * folder. A crash at any point leaves either the old file or the new one, never a torn one.
 */
public final class AtomicFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target}'s content atomically.
     *
     * @param target the file
     * @param content the new content
     * @throws UncheckedIOException if writing fails; the old content is then intact
     */
    public static void write(Path target, byte[] content) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            createDirectories(dir);
            temp = POSIX
                    ? Files.createTempFile(dir, "." + target.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + " atomically: " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: a leftover temp file never replaces the target
                }
            }
        }
    }

    /**
     * Reads a file written by {@link #write}.
     *
     * @param target the file
     * @return its content, or empty if it does not exist
     * @throws UncheckedIOException if it exists but cannot be read
     */
    public static Optional<byte[]> read(Path target) {
        try {
            return Optional.of(Files.readAllBytes(target));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a folder (and its parents) with owner-only permissions where supported.
     *
     * @param dir the folder
     * @throws IOException if it cannot be created
     */
    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (POSIX) {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR);
            Files.createDirectories(dir, attr);
        } else {
            Files.createDirectories(dir);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // some platforms cannot open or sync a directory; the move itself is still atomic there
        }
    }
}
