/**
 * Class chats, members and messages for sferum-java-sdk, with exactly-once sending and roster sync.
 *
 * <p>The public API is backend-neutral: {@link dev.sferum.sdk.chat.ChatClient} and
 * {@link dev.sferum.sdk.chat.ChatAsyncClient} are interfaces, and {@link dev.sferum.sdk.chat.VkChats} builds the
 * VK implementation over sdk-core's {@link dev.sferum.sdk.core.ApiClient} / {@link dev.sferum.sdk.core.ApiAsyncClient}.
 * Roster sync lives in {@link dev.sferum.sdk.chat.roster}. The VK implementation is in
 * {@code dev.sferum.sdk.chat.internal}, exported only to the SDK's own modules that build on it: not API.
 */
module dev.sferum.sdk.chat {
    requires transitive dev.sferum.sdk.core;
    requires org.slf4j;
    requires io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.core;
    requires static jdk.httpserver;

    exports dev.sferum.sdk.chat;
    exports dev.sferum.sdk.chat.event;
    exports dev.sferum.sdk.chat.roster;
    exports dev.sferum.sdk.chat.internal to
            dev.sferum.sdk.max,
            dev.sferum.sdk.video;
}
