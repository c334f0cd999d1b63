/**
 * The implementation of community events: the event parser, the delivery lanes with their bounded capacity, the
 * {@code event_id} de-duplication window, the Callback API request checks and the Bots Long Poll loop. Not
 * exported: not API.
 */
package dev.sferum.sdk.chat.event.internal;
