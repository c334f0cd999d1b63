/** Implementation of the video module; not exported. */
package dev.sferum.sdk.video.internal;
