/**
 * Implementation of sferum-java-sdk's core. Exported only to the SDK's own modules; not API.
 */
package dev.sferum.sdk.core.internal;
