/**
 * The VK backend of sferum-java-sdk: the chat module's {@link dev.sferum.sdk.chat.ChatClient} and
 * {@link dev.sferum.sdk.chat.ChatAsyncClient} on the VK API (Sferum / VK Messenger chats), over sdk-core's
 * {@link dev.sferum.sdk.core.ApiClient} / {@link dev.sferum.sdk.core.ApiAsyncClient}, and community events from
 * VK's Callback API and Bots Long Poll into the chat module's {@link dev.sferum.sdk.chat.event.EventStream}.
 *
 * <p>Start with {@link dev.sferum.sdk.vk.VkChats#client(dev.sferum.sdk.core.ApiClient, dev.sferum.sdk.vk.ChatActor)}.
 * The implementation is in {@code dev.sferum.sdk.vk.internal} and {@code dev.sferum.sdk.vk.event.internal}, which
 * this module does not export.
 */
module dev.sferum.sdk.vk {
    requires transitive dev.sferum.sdk.chat;
    requires org.slf4j;
    requires static jdk.httpserver;

    exports dev.sferum.sdk.vk;
    exports dev.sferum.sdk.vk.event;
}
