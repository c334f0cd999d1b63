/**
 * Test support shared by the repository's own suites (test scope only, never published): {@link
 * dev.sferum.sdk.testsupport.CapturedLogs}, the SLF4J provider that records every line, and {@link
 * dev.sferum.sdk.testsupport.NoSecretsInLogs}, the auto-detected JUnit 5 extension that fails a test class when a
 * secret reached one of them. Register the values a suite must never log with {@link
 * dev.sferum.sdk.testsupport.Secrets#register(String)}; any value containing {@value
 * dev.sferum.sdk.testsupport.Secrets#MARKER} is watched without registering. {@link
 * dev.sferum.sdk.testsupport.ClassPaths} builds the class loaders that prove an optional dependency is optional.
 */
package dev.sferum.sdk.testsupport;
