package dev.sferum.sdk.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Class loaders for the suites that prove an optional dependency is really optional: a module's classes must load,
 * link and reflect without it.
 *
 * <pre>{@code
 * try (URLClassLoader loader = ClassPaths.without("dev/sferum/sdk/video/ScheduleStore.class")) {
 *     Class<?> stores = Class.forName("dev.sferum.sdk.jdbc.JdbcStores", true, loader);
 * }
 * }</pre>
 */
public final class ClassPaths {

    private ClassPaths() {
    }

    /**
     * A loader over this JVM's class path ({@code java.class.path}) minus every entry that holds {@code resource},
     * with only the platform loader above it, so classes of the missing dependency are not found anywhere.
     *
     * @param resource a class file of the dependency to leave out, such as {@code dev/sferum/sdk/chat/event/X.class}
     * @return the loader; close it after use
     * @throws IllegalStateException if no class path entry holds {@code resource} (the test would prove nothing)
     */
    public static URLClassLoader without(String resource) {
        List<URL> urls = new ArrayList<>();
        int dropped = 0;
        try {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry);
                if (holds(p, resource)) {
                    dropped++;
                } else {
                    urls.add(p.toUri().toURL());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the class path failed", e);
        }
        if (dropped == 0) {
            throw new IllegalStateException("no class path entry holds " + resource + ": is the dependency on the "
                    + "test class path, and is the resource name right?");
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static boolean holds(Path entry, String resource) throws IOException {
        if (Files.isDirectory(entry)) {
            return Files.exists(entry.resolve(resource));
        }
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            return jar.getEntry(resource) != null;
        }
    }
}
