/**
 * Implementation of sferum-java-sdk's VK ID support. Not exported; not API.
 */
package dev.sferum.sdk.auth.internal;
