/**
 * The implementation of VK's community events: the parser of VK's event objects, the Callback API request checks
 * and the Bots Long Poll loop. Not exported: not API.
 */
package dev.sferum.sdk.vk.event.internal;
