package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.internal.Scopes;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to ask VK ID for when a user starts signing in: scopes, whether to prompt, and VK ID's display options.
 *
 * <pre>{@code
 * SignInStart start = vkid.startSignIn(r -> r.scopes("email").prompt(SignInRequest.Prompt.SELECT_ACCOUNT).param("lang_id", "0"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class SignInRequest {
    /** The parameters the SDK sets itself, which {@link Builder#param} refuses. */
    private static final Set<String> RESERVED = Set.of("response_type", "client_id", "redirect_uri", "state", "code_challenge",
            "code_challenge_method", "scope", "prompt", "code_verifier", "client_secret");

    /** VK ID's {@code prompt} values. */
    public enum Prompt {
        /** Do not show any page; fail with an error if the user must act. */
        NONE,
        /** Ask the user to log in even if VK ID has a session. */
        LOGIN,
        /** Ask the user to confirm the scopes again. */
        CONSENT,
        /** Let the user pick an account. */
        SELECT_ACCOUNT;

        /** {@return the wire value, such as {@code select_account}} */
        public String wireValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Set<String> scopes;
    private final Prompt prompt;
    private final Map<String, String> params;

    private SignInRequest(Builder b) {
        this.scopes = b.scopes;
        this.prompt = b.prompt;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
    }

    /** {@return a builder; every part is optional} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a request with the defaults: the config's default scopes, no prompt} */
    public static SignInRequest defaults() {
        return builder().build();
    }

    /** {@return a builder holding this request's values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.scopes = scopes;
        b.prompt = prompt;
        b.params.putAll(params);
        return b;
    }

    /** {@return the scopes to ask for, if set (otherwise {@link VkIdConfig#defaultScopes()})} */
    public Optional<Set<String>> scopes() {
        return Optional.ofNullable(scopes);
    }

    /** {@return the prompt, if set} */
    public Optional<Prompt> prompt() {
        return Optional.ofNullable(prompt);
    }

    /** {@return extra authorize parameters such as {@code lang_id}, {@code scheme} or {@code provider}} */
    public Map<String, String> params() {
        return params;
    }

    @Override
    public String toString() {
        return "SignInRequest[scopes=" + scopes + ", prompt=" + prompt + ", params=" + params.keySet() + "]";
    }

    /** Builds a {@link SignInRequest}. Not thread-safe. */
    public static final class Builder {
        private Set<String> scopes;
        private Prompt prompt;
        private final Map<String, String> params = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The scopes to ask for, replacing the config's defaults. None means VK ID's default,
         * {@code vkid.personal_info}. Extended scopes such as {@code phone} need VK's approval.
         *
         * @param scopes scope names such as {@code email}
         * @return this builder
         * @throws IllegalArgumentException if a scope is blank or has spaces or quotes
         */
        public Builder scopes(String... scopes) {
            return scopes(Arrays.asList(scopes));
        }

        /**
         * The scopes to ask for; see {@link #scopes(String...)}.
         *
         * @param scopes scope names
         * @return this builder
         */
        public Builder scopes(Collection<String> scopes) {
            this.scopes = Scopes.check(Objects.requireNonNull(scopes, "scopes"));
            return this;
        }

        /**
         * VK ID's {@code prompt}. Default: none sent.
         *
         * @param prompt the prompt, or {@code null} for none
         * @return this builder
         */
        public Builder prompt(Prompt prompt) {
            this.prompt = prompt;
            return this;
        }

        /**
         * Adds a display parameter VK ID understands, such as {@code lang_id}, {@code scheme} ({@code light} /
         * {@code dark}) or {@code provider} ({@code vkid}, {@code ok_ru}, {@code mail_ru}).
         *
         * @param name the parameter; not one the SDK sets itself (client id, redirect URI, state, PKCE, scope, prompt)
         * @param value its value
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or reserved
         */
        public Builder param(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a parameter name must not be blank");
            }
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException(name + " is set by the SDK; use scopes(...) or prompt(...), or configure it in VkIdConfig");
            }
            params.put(name, value);
            return this;
        }

        /** {@return the request} */
        public SignInRequest build() {
            return new SignInRequest(this);
        }
    }
}
