package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.jdbc.testing.Servers;
import dev.sferum.sdk.testsupport.ClassPaths;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * sdk-video is an optional dependency: an application that keeps grants, outbox and chat mappings in PostgreSQL but
 * runs no lessons does not have it, and the stores must still load and work. Runs the module's classes in a class
 * loader built from this test's class path minus the entry that holds sdk-video.
 */
class OptionalVideoTest {
    private static final String VIDEO_SPI = "dev/sferum/sdk/video/ScheduleStore.class";

    @Test
    void open_whenSdkVideoIsAbsent_theStoresLoadReflectAndWorkAndOnlyTheScheduleStoreNeedsIt() throws Exception {
        DataSource db = Servers.dataSource();
        try (URLClassLoader loader = ClassPaths.without(VIDEO_SPI)) {
            assertThatThrownBy(() -> Class.forName("dev.sferum.sdk.video.ScheduleStore", false, loader))
                    .as("the loader really lacks sdk-video").isInstanceOf(ClassNotFoundException.class);
            Class<?> stores = Class.forName("dev.sferum.sdk.jdbc.JdbcStores", true, loader);
            assertThat(stores.getMethods()).as("frameworks reflect on it").isNotEmpty();

            Object opened = stores.getMethod("open", DataSource.class).invoke(null, db);

            assertThat(stores.getMethod("tokenStore").invoke(opened)).isNotNull();
            assertThat(stores.getMethod("messageOutbox").invoke(opened)).isNotNull();
            assertThat(stores.getMethod("chatMappings", String.class).invoke(opened, "community-1")).isNotNull();
            Throwable e = catchThrowable(() -> Class.forName("dev.sferum.sdk.jdbc.JdbcScheduleStore", true, loader));
            assertThat(e).isInstanceOf(NoClassDefFoundError.class).hasMessageContaining("ScheduleStore");
        }
    }
}
