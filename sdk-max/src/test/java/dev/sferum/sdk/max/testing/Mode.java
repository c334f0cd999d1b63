package dev.sferum.sdk.max.testing;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.chat.testing.AsyncAsSync;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.max.MaxChats;

/**
 * Runs one scenario through the sync client or the async client (seen through a blocking adapter that exists only in
 * tests), so every test proves both.
 */
public enum Mode {
    SYNC {
        @Override
        public ChatClient vk(ApiClientBuilder api, VkChats.Builder chats) {
            return chats.buildClient(api.buildClient());
        }

        @Override
        public ChatClient max(MaxChats.Builder chats) {
            return chats.buildClient();
        }
    },
    ASYNC {
        @Override
        public ChatClient vk(ApiClientBuilder api, VkChats.Builder chats) {
            return new AsyncAsSync(chats.buildAsyncClient(api.buildAsyncClient()));
        }

        @Override
        public ChatClient max(MaxChats.Builder chats) {
            return new AsyncAsSync(chats.buildAsyncClient());
        }
    };

    /**
     * @param api the VK API client builder
     * @param chats the VK chat builder
     * @return a VK client of this mode
     */
    public abstract ChatClient vk(ApiClientBuilder api, VkChats.Builder chats);

    /**
     * @param chats the MAX chat builder
     * @return a MAX client of this mode
     */
    public abstract ChatClient max(MaxChats.Builder chats);
}
