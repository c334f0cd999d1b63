/**
 * sferum-java-sdk on Apache HttpClient 5 classic: {@link dev.sferum.sdk.transport.apache.ApacheTransport}, the
 * core {@link dev.sferum.sdk.core.Transport} whose sync calls block on the caller's thread over a pooled connection
 * manager. Opt in with {@code ClientConfig.builder().transport(ApacheTransport.factory())}.
 */
module dev.sferum.sdk.transport.apache {
    requires transitive dev.sferum.sdk.core;
    requires org.apache.httpcomponents.client5.httpclient5;
    requires org.apache.httpcomponents.core5.httpcore5;
    requires org.slf4j;

    exports dev.sferum.sdk.transport.apache;
}
