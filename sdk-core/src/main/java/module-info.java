/**
 * The core of sferum-java-sdk: configuration, the VK API transport on the JDK {@code HttpClient},
 * typed errors, tokens as secret values, listeners, and the raw {@link dev.sferum.sdk.core.ApiClient}.
 *
 * <p>Implementation lives in {@code dev.sferum.sdk.core.internal}, which is exported only to the SDK's own
 * modules: it is not API and may change in any release.
 */
module dev.sferum.sdk.core {
    requires transitive java.net.http;
    requires transitive tools.jackson.databind;
    requires org.slf4j;
    requires io.github.resilience4j.retry;
    requires io.github.resilience4j.core;

    exports dev.sferum.sdk.core;
    exports dev.sferum.sdk.core.exception;
    // Only the modules that import it (checked: each imports a class of it).
    exports dev.sferum.sdk.core.internal to
            dev.sferum.sdk.auth,
            dev.sferum.sdk.chat,
            dev.sferum.sdk.vk,
            dev.sferum.sdk.video,
            dev.sferum.sdk.max,
            dev.sferum.sdk.redis;
}
