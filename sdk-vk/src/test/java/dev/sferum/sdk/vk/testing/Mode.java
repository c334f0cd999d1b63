package dev.sferum.sdk.vk.testing;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.testing.AsyncAsSync;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.vk.VkChats;

/**
 * Runs one scenario through the sync client or through the async client (seen through a blocking adapter that
 * only exists in tests), so every test proves both.
 */
public enum Mode {
    SYNC {
        @Override
        public ChatClient chats(ApiClientBuilder api, VkChats.Builder chats) {
            return chats.buildClient(api.buildClient());
        }
    },
    ASYNC {
        @Override
        public ChatClient chats(ApiClientBuilder api, VkChats.Builder chats) {
            return new AsyncAsSync(chats.buildAsyncClient(api.buildAsyncClient()));
        }
    };

    /**
     * @param api the API client builder (token and config set)
     * @param chats the chat builder (actor and outbox set)
     * @return a client of this mode
     */
    public abstract ChatClient chats(ApiClientBuilder api, VkChats.Builder chats);
}
