package dev.sferum.sdk.jdbc.testing;

import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.jdbc.JdbcConfig;
import dev.sferum.sdk.jdbc.JdbcMessageOutbox;
import dev.sferum.sdk.jdbc.JdbcStores;

import java.time.Duration;

/**
 * An application node draining the shared outbox: builds a chat client on the JDBC outbox and calls
 * {@code resendPending()} until the outbox is empty. Used in-process and, through {@link #main}, in its own JVM:
 * {@code OutboxNode <vkBaseUrl> <communityToken> <groupId> <jdbcUrl> <user> <password> <tablePrefix> <nodeId>
 * <leaseMillis> <batch>}.
 */
public final class OutboxNode {
    private final ChatClient chats;
    private final JdbcMessageOutbox outbox;

    public OutboxNode(String vkBaseUrl, AccessToken community, long groupId, JdbcStores stores) {
        this.outbox = stores.messageOutbox();
        ApiClient api = ApiClient.builder()
                .config(ClientConfig.builder().baseUrl(vkBaseUrl).rateLimits(RateLimits.unlimited()).build())
                .token(community)
                .buildClient();
        this.chats = VkChats.builder().actor(ChatActor.community(groupId)).outbox(outbox).buildClient(api);
    }

    public static JdbcStores stores(String url, String user, String password, String prefix, String nodeId, long leaseMillis, int batch) {
        return JdbcStores.open(Servers.pool(url, user, password), JdbcConfig.builder().tablePrefix(prefix).nodeId(nodeId)
                .outboxLease(Duration.ofMillis(leaseMillis)).outboxBatch(batch).build());
    }

    public ChatClient chats() {
        return chats;
    }

    /**
     * Sends what it can claim until the outbox is empty or {@code stop} says so.
     *
     * @return how many messages this node sent
     */
    public int drain(java.util.function.BooleanSupplier stop) {
        int sent = 0;
        while (!stop.getAsBoolean() && outbox.size() > 0) {
            sent += chats.resendPending().sent().size();
        }
        return sent;
    }

    public static void main(String[] args) {
        JdbcStores stores = stores(args[3], args[4], args[5], args[6], args[7], Long.parseLong(args[8]), Integer.parseInt(args[9]));
        OutboxNode node = new OutboxNode(args[0], AccessToken.community(args[1], Long.parseLong(args[2])), Long.parseLong(args[2]), stores);
        System.out.println("ready");
        System.out.flush();
        node.drain(() -> false);
        System.out.println("done");
        System.exit(0);
    }
}
