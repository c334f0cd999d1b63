package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.auth.VkIdClient;
import dev.sferum.sdk.auth.VkIdConfig;
import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.video.ScheduleStore;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Duration;

/** The README's usage example, kept compiling. */
final class ReadmeExample {
    private ReadmeExample() {
    }

    static void example(VkIdConfig vkidConfig, ApiClient api, long groupId) {
        PGSimpleDataSource ds = new PGSimpleDataSource();            // in production: your connection pool
        ds.setURL("jdbc:postgresql://db.school.local:5432/ejournal");
        ds.setUser("ejournal");
        ds.setPassword(System.getenv("DB_PASSWORD"));

        JdbcStores stores = JdbcStores.open(ds, JdbcConfig.builder()
                .nodeId(System.getenv("HOSTNAME"))                    // shows in lease columns
                .outboxLease(Duration.ofMinutes(2))
                .clock(vkidConfig.clock())
                .build());                                            // creates or upgrades the tables

        VkIdClient vkid = VkIdClient.builder().config(vkidConfig).tokenStore(stores.tokenStore()).buildClient();
        ChatClient chats = VkChats.builder().actor(ChatActor.community(groupId)).outbox(stores.messageOutbox()).buildClient(api);
        ChatMappingStore mappings = stores.chatMappings("community:" + groupId);
        ScheduleStore lessons = JdbcScheduleStore.open(stores, "school-42");

        chats.resendPending();                                        // at start-up, and now and then: take over what a dead node left
    }
}
