package dev.sferum.sdk.redis;

import dev.sferum.sdk.testsupport.ClassPaths;
import org.junit.jupiter.api.Test;

import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * sdk-chat is an optional dependency: an application that shares only rate budgets and grants through Redis does
 * not have it, and {@code RedisStores} must still load, link and reflect (as frameworks do on beans) without it.
 * Runs the module's classes in a class loader built from this test's class path minus the entry that holds sdk-chat.
 * (Connecting in that loader is not tried: Lettuce, loaded a second time in one JVM, fails to start there with a
 * reflection error of its own; sdk-jdbc's twin of this test does open its stores.)
 */
class OptionalChatTest {
    private static final String CHAT_SPI = "dev/sferum/sdk/chat/event/EventDedupeStore.class";

    @Test
    void load_whenSdkChatIsAbsent_theStoresLoadAndReflectAndOnlyTheDedupeStoreNeedsIt() throws Exception {
        try (URLClassLoader loader = ClassPaths.without(CHAT_SPI)) {
            assertThatThrownBy(() -> Class.forName("dev.sferum.sdk.chat.event.EventDedupeStore", false, loader))
                    .as("the loader really lacks sdk-chat").isInstanceOf(ClassNotFoundException.class);

            Class<?> stores = Class.forName("dev.sferum.sdk.redis.RedisStores", true, loader);
            Class<?> config = Class.forName("dev.sferum.sdk.redis.RedisConfig", true, loader);

            assertThat(stores.getMethods()).as("frameworks reflect on it").isNotEmpty();
            assertThat(stores.getMethod("connect", config).getReturnType()).isSameAs(stores);
            assertThat(stores.getMethod("rateBudgetStore", int.class)).isNotNull();
            Throwable e = catchThrowable(() -> Class.forName("dev.sferum.sdk.redis.RedisEventDedupeStore", true, loader));
            assertThat(e).isInstanceOf(NoClassDefFoundError.class).hasMessageContaining("EventDedupeStore");
        }
    }
}
