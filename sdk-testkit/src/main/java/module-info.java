/**
 * A stateful fake of the VK API, VK ID OAuth and VK events, for tests.
 */
module dev.sferum.sdk.testkit {
    requires java.net.http;
    requires jdk.httpserver;
    requires tools.jackson.databind;
    requires static org.junit.jupiter.api;

    exports dev.sferum.sdk.testkit;
}
