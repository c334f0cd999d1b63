package dev.sferum.sdk.auth;

import dev.sferum.sdk.core.internal.Require;

import java.util.Objects;
import java.util.Optional;

/**
 * A user as VK ID's user info describes them. Only what the token's scopes allow is present: e-mail and phone need
 * the {@code email} and {@code phone} scopes.
 *
 * <p>{@link #toString()} shows only the user id: names, e-mail and phone are personal data (often a pupil's) and stay
 * out of logs. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class VkIdUser {
    private final long userId;
    private final String firstName;
    private final String lastName;
    private final String avatar;
    private final String email;
    private final String phone;

    VkIdUser(long userId, String firstName, String lastName, String avatar, String email, String phone) {
        this.userId = Require.positive(userId, "userId");
        this.firstName = firstName;
        this.lastName = lastName;
        this.avatar = avatar;
        this.email = email;
        this.phone = phone;
    }

    /** {@return the VK user id} */
    public long userId() {
        return userId;
    }

    /** {@return the first name, if shared} */
    public Optional<String> firstName() {
        return Optional.ofNullable(firstName);
    }

    /** {@return the last name, if shared} */
    public Optional<String> lastName() {
        return Optional.ofNullable(lastName);
    }

    /** {@return the avatar image URL, if any} */
    public Optional<String> avatar() {
        return Optional.ofNullable(avatar);
    }

    /** {@return the e-mail address, if the {@code email} scope was granted} */
    public Optional<String> email() {
        return Optional.ofNullable(email);
    }

    /** {@return the phone number, if the {@code phone} scope was granted} */
    public Optional<String> phone() {
        return Optional.ofNullable(phone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VkIdUser u && userId == u.userId && Objects.equals(firstName, u.firstName)
                && Objects.equals(lastName, u.lastName) && Objects.equals(avatar, u.avatar) && Objects.equals(email, u.email)
                && Objects.equals(phone, u.phone);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(userId);
    }

    /** Returns the user id only. */
    @Override
    public String toString() {
        return "VkIdUser[userId=" + userId + "]";
    }
}
