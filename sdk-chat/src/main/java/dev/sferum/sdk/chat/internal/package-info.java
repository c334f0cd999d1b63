/**
 * The VK implementation of the chat clients, the outbox and mapping stores, and the shared step engine that
 * runs each operation once for the sync and the async client. Not exported: not API.
 */
package dev.sferum.sdk.chat.internal;
