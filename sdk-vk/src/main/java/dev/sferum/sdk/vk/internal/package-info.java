/**
 * The VK implementation of the chat clients: the chat operations on VK's {@code messages.*} methods, VK's peer
 * ids, the decoding of VK's answers, VK's chat error codes and the step runner over sdk-core's API clients. Not
 * exported: not API.
 */
package dev.sferum.sdk.vk.internal;
