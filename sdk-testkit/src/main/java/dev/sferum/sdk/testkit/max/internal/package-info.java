/**
 * The fake MAX's state, HTTP server, fault plan and webhook delivery. Not exported: not API.
 */
package dev.sferum.sdk.testkit.max.internal;
