/**
 * A stateful fake of the VK API, VK ID OAuth and VK events, for tests.
 */
module dev.sferum.sdk.testkit {
    requires java.net.http;
    requires jdk.httpserver;
    requires tools.jackson.databind;
    // The extension injects SDK clients preconfigured for the fake.
    requires transitive dev.sferum.sdk.core;
    // The JUnit 5 extension is public API, so its JUnit types are re-exported; JUnit stays optional at run time.
    requires static transitive org.junit.jupiter.api;

    exports dev.sferum.sdk.testkit;
}
