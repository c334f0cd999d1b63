/**
 * The MAX backend of sferum-java-sdk: the chat module's {@link dev.sferum.sdk.chat.ChatClient} and
 * {@link dev.sferum.sdk.chat.ChatAsyncClient} on MAX's Bot API (REST and JSON on the JDK {@code HttpClient}), with
 * sdk-core's retries, rate budgets and errors.
 *
 * <p>Start with {@link dev.sferum.sdk.max.MaxChats#builder()}. The implementation is in
 * {@code dev.sferum.sdk.max.internal}, which this module does not export.
 */
module dev.sferum.sdk.max {
    requires transitive dev.sferum.sdk.chat;
    requires org.slf4j;
    requires static jdk.httpserver;

    exports dev.sferum.sdk.max;
}
