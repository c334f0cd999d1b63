/**
 * The MAX implementation of the chat clients: the call pipeline, the operations written once for the sync and the
 * async client, the delivery marker and the decoders. Not exported: not API.
 */
package dev.sferum.sdk.max.internal;
