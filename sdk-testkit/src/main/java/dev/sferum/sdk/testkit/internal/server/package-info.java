/**
 * The server core both fakes run on: HTTP server, request log, fault plan, rate window, strict-mode record and
 * the JUnit 5 extension mechanism. Not API: the fakes' public types wrap these.
 */
package dev.sferum.sdk.testkit.internal.server;
