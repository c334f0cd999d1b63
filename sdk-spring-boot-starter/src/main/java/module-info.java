/**
 * Spring Boot 4 auto-configuration of sferum-java-sdk from {@code sferum.*} properties: clients, stores, the VK
 * Callback API and MAX webhook endpoints, VK ID sign-in, the lesson scheduler, metrics, health and info.
 *
 * <p>Spring applications run it on the class path, where this descriptor is ignored; on the module path it states
 * what the starter needs. Spring's jars are automatic modules (their {@code Automatic-Module-Name}s). The web,
 * Actuator, Micrometer, Redis (with Spring Boot's Redis connection details) and JDBC parts are optional
 * ({@code requires static}): the starter's configurations for them switch on only when their classes are present.
 * The one package is exported for its public types ({@link dev.sferum.sdk.spring.SferumProperties}, the health
 * indicator, the info contributor, the auto-configuration) and opened to Spring, which creates the package-private
 * configuration classes and binds the property records by reflection.
 */
module dev.sferum.sdk.spring {
    requires transitive dev.sferum.sdk.core;
    requires transitive dev.sferum.sdk.auth;
    requires transitive dev.sferum.sdk.chat;
    requires transitive dev.sferum.sdk.vk;
    requires transitive dev.sferum.sdk.video;
    requires transitive dev.sferum.sdk.max;
    requires static dev.sferum.sdk.micrometer;
    requires static dev.sferum.sdk.redis;
    requires static dev.sferum.sdk.jdbc;
    requires java.sql;
    requires org.slf4j;

    requires transitive spring.boot;
    requires spring.boot.autoconfigure;
    requires spring.beans;
    requires spring.context;
    requires spring.core;
    requires static spring.web;
    requires static spring.webmvc;
    requires static spring.boot.health;
    requires static spring.boot.actuator;
    requires static spring.boot.data.redis;
    requires static micrometer.core;
    requires static micrometer.observation;

    exports dev.sferum.sdk.spring;
    opens dev.sferum.sdk.spring to spring.core, spring.beans, spring.context, spring.boot;
}
