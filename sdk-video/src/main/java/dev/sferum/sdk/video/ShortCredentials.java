package dev.sferum.sdk.video;

import dev.sferum.sdk.core.Secret;

/**
 * The short numeric id and password VK may give a call, so people can join without the VK join link.
 * {@link #toString()} hides the password and the link that carries it.
 *
 * @param id the short id
 * @param password the password
 * @param linkWithoutPassword a join link that asks for the password, or {@code null}
 * @param linkWithPassword a join link that carries the password, or {@code null}
 * @since 0.1.0
 */
public record ShortCredentials(String id, Secret password, String linkWithoutPassword, Secret linkWithPassword) {
    @Override
    public String toString() {
        return "ShortCredentials[id=" + id + ", password=" + password + ", linkWithoutPassword=" + linkWithoutPassword + "]";
    }
}
