/**
 * The VK implementation of the chat clients, the outbox and mapping stores, and the shared step engine that
 * runs each operation once for the sync and the async client. Exported only to the SDK's own modules
 * ({@code module-info.java} names them): not API.
 */
package dev.sferum.sdk.chat.internal;
