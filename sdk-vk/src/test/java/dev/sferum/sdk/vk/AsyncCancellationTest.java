package dev.sferum.sdk.vk;

import dev.sferum.sdk.chat.ChatAsyncClient;
import dev.sferum.sdk.chat.OutboxEntry;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.vk.VkChats;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancelling an async operation cancels the VK call in flight and starts no further call; the message stays in the
 * outbox, since its outcome is unknown. Driven by a scripted API client, so nothing waits on time.
 */
class AsyncCancellationTest {

    /** An async API client whose calls complete only when the test says so. */
    static final class ScriptedApi implements ApiAsyncClient {
        final List<ApiRequest> requests = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<?>> calls = new CopyOnWriteArrayList<>();

        @Override
        public <T> CompletableFuture<T> call(ApiRequest request, ResultType<T> type) {
            requests.add(request);
            CompletableFuture<T> f = new CompletableFuture<>();
            calls.add(f);
            return f;
        }

        @Override
        public ClientConfig config() {
            return ClientConfig.defaults();
        }
    }

    @Test
    void send_whenTheFutureIsCancelledDuringTheFirstPart_cancelsThatCallAndNeverSendsTheSecond() {
        ScriptedApi api = new ScriptedApi();
        ChatAsyncClient chats = VkChats.asyncClient(api, ChatActor.community(1));
        SendRequest twoParts = SendRequest.builder().peer(PeerId.chat(12)).text("а".repeat(9000) + " " + "б".repeat(100)).build();

        CompletableFuture<SendResult> sending = chats.send(twoParts);
        assertThat(api.requests).hasSize(1);
        sending.cancel(true);

        assertThat(api.calls.get(0)).as("the call in flight").isCancelled();
        assertThat(api.requests).as("no second part after the cancel").hasSize(1);
        assertThat(chats.outbox().pending()).extracting(OutboxEntry::key).containsExactly(twoParts.idempotencyKey());
    }

    @Test
    void send_whenNotCancelled_sendsThePartsOneAfterTheOther() {
        ScriptedApi api = new ScriptedApi();
        ChatAsyncClient chats = VkChats.asyncClient(api, ChatActor.community(1));
        SendRequest twoParts = SendRequest.builder().peer(PeerId.chat(12)).text("а".repeat(9000) + " " + "б".repeat(100)).build();

        CompletableFuture<SendResult> sending = chats.send(twoParts);
        assertThat(api.requests).as("the second part waits for the first").hasSize(1);
        complete(api.calls.get(0), 101L);
        assertThat(api.requests).hasSize(2);
        complete(api.calls.get(1), 102L);

        assertThat(sending).isCompleted();
        assertThat(sending.join().sent()).extracting(s -> s.message().orElseThrow().messageId().getAsLong()).containsExactly(101L, 102L);
        assertThat(chats.outbox().pending()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static void complete(CompletableFuture<?> call, long messageId) {
        ((CompletableFuture<Object>) call).complete(tools.jackson.databind.node.LongNode.valueOf(messageId));
    }
}
