package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.internal.Scopes;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.core.internal.Require;
import dev.sferum.sdk.core.internal.VkWire;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a {@link VkIdClient} reaches VK ID and the legacy OAuth server: the app's client id and redirect URI, hosts,
 * timeouts, the HTTP client, the clock and the refresh skew.
 *
 * <pre>{@code
 * VkIdConfig config = VkIdConfig.builder()
 *         .clientId(51234567)
 *         .redirectUri("https://school.example/vkid/callback")
 *         .idBaseUrl("https://id.vk.ru")                         // default https://id.vk.com
 *         .clientSecret(Secret.of(System.getenv("VK_CLIENT_SECRET")))  // only for service tokens
 *         .build();
 * VkIdConfig eager = config.toBuilder().refreshSkew(Duration.ofMinutes(5)).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the client secret.
 *
 * @since 0.1.0
 */
public final class VkIdConfig {
    /** The default VK ID base, {@code https://id.vk.com}. */
    public static final URI DEFAULT_ID_BASE_URI = URI.create("https://id.vk.com");
    /** The default legacy OAuth base, {@code https://oauth.vk.com}, used for the client-credentials grant. */
    public static final URI DEFAULT_OAUTH_BASE_URI = URI.create("https://oauth.vk.com");
    /** The default refresh skew: a user token is refreshed this long before it expires, 60 seconds. */
    public static final Duration DEFAULT_REFRESH_SKEW = Duration.ofSeconds(60);
    /** The default time a started sign-in may take before its callback is refused: 10 minutes. */
    public static final Duration DEFAULT_SIGN_IN_TIMEOUT = Duration.ofMinutes(10);
    /** Added to the timeouts for the default refresh lease. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(10);

    private final long clientId;
    private final URI redirectUri;
    private final URI idBaseUri;
    private final URI oauthBaseUri;
    private final Secret clientSecret;
    private final Clock clock;
    private final ClientConfig calls;
    private final Duration refreshSkew;
    private final Duration signInTimeout;
    private final Duration refreshLease;
    /** The lease as set on the builder, or {@code null} for the default derived from the timeouts. */
    private final Duration refreshLeaseSetting;
    private final TimeSource timeSource;
    private final Set<String> defaultScopes;
    private final String apiVersion;
    private final boolean insecureHttpAllowed;

    private VkIdConfig(Builder b) {
        this.clientId = b.clientId;
        this.redirectUri = b.redirectUri;
        this.idBaseUri = b.idBaseUri;
        this.oauthBaseUri = b.oauthBaseUri;
        this.clientSecret = b.clientSecret;
        this.clock = b.clock;
        this.calls = b.calls;
        this.refreshSkew = b.refreshSkew;
        this.signInTimeout = b.signInTimeout;
        this.refreshLease = b.refreshLease != null ? b.refreshLease : b.calls.connectTimeout().plus(b.calls.attemptTimeout()).plus(LEASE_MARGIN);
        this.refreshLeaseSetting = b.refreshLease;
        this.timeSource = b.timeSource;
        this.defaultScopes = Set.copyOf(b.defaultScopes);
        this.apiVersion = b.apiVersion;
        this.insecureHttpAllowed = b.insecureHttpAllowed;
    }

    /** {@return a builder with the defaults; {@link Builder#clientId(long)} is required} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this config's values} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** {@return the VK app id, sent as {@code client_id}} */
    public long clientId() {
        return clientId;
    }

    /** {@return the redirect URI registered in the app's settings, if configured (sign-in needs one)} */
    public Optional<URI> redirectUri() {
        return Optional.ofNullable(redirectUri);
    }

    /** {@return the VK ID base, such as {@code https://id.vk.com}} */
    public URI idBaseUri() {
        return idBaseUri;
    }

    /** {@return the legacy OAuth base, such as {@code https://oauth.vk.com}} */
    public URI oauthBaseUri() {
        return oauthBaseUri;
    }

    /** {@return the app's client secret, if configured (the client-credentials grant needs it)} */
    public Optional<Secret> clientSecret() {
        return Optional.ofNullable(clientSecret);
    }

    /** {@return the clock for token expiry and sign-in timeouts} */
    public Clock clock() {
        return clock;
    }

    /**
     * {@return how VK ID's exchanges are made: timeouts, listeners, transport, trust — the same
     *     {@link ClientConfig} as the VK API's and MAX's calls (its base URL and rate limits do not apply here)}
     */
    public ClientConfig calls() {
        return calls;
    }

    /** {@return how long before a user token's expiry it is refreshed} */
    public Duration refreshSkew() {
        return refreshSkew;
    }

    /** {@return how long after {@code startSignIn} its callback is still accepted} */
    public Duration signInTimeout() {
        return signInTimeout;
    }

    /**
     * {@return how long one refresh holds its grant's refresh lease in the {@link TokenStore} (see
     *     {@link Builder#refreshLease(Duration)}); by default {@code calls().connectTimeout() + calls().attemptTimeout() + 10 s}}
     */
    public Duration refreshLease() {
        return refreshLease;
    }

    /** {@return the monotonic time source for waiting on another node's refresh lease} */
    public TimeSource timeSource() {
        return timeSource;
    }

    /** {@return the scopes asked for when a sign-in names none (empty: VK ID's default, {@code vkid.personal_info})} */
    public Set<String> defaultScopes() {
        return defaultScopes;
    }

    /** {@return the API version sent as {@code v} to the legacy OAuth server} */
    public String apiVersion() {
        return apiVersion;
    }


    /** {@return whether plain {@code http} to a non-loopback host is allowed} */
    public boolean insecureHttpAllowed() {
        return insecureHttpAllowed;
    }

    @Override
    public String toString() {
        return "VkIdConfig[clientId=" + clientId + ", redirectUri=" + redirectUri + ", idBaseUri=" + idBaseUri
                + ", oauthBaseUri=" + oauthBaseUri + ", clientSecret=" + (clientSecret == null ? "none" : clientSecret)
                + ", refreshSkew=" + refreshSkew + ", signInTimeout=" + signInTimeout + ", calls=" + calls
                + ", refreshLease=" + refreshLease + "]";
    }

    /**
     * Builds a {@link VkIdConfig}. Not thread-safe.
     */
    public static final class Builder {
        private long clientId;
        private URI redirectUri;
        private URI idBaseUri = DEFAULT_ID_BASE_URI;
        private URI oauthBaseUri = DEFAULT_OAUTH_BASE_URI;
        private Secret clientSecret;
        private Clock clock = Clock.systemUTC();
        private ClientConfig calls = ClientConfig.builder().build();
        private Duration refreshSkew = DEFAULT_REFRESH_SKEW;
        private Duration signInTimeout = DEFAULT_SIGN_IN_TIMEOUT;
        private Duration refreshLease;
        private TimeSource timeSource = TimeSource.system();
        private final Set<String> defaultScopes = new LinkedHashSet<>();
        private String apiVersion = "5.199";
        private boolean insecureHttpAllowed;

        private Builder() {
        }

        private Builder(VkIdConfig c) {
            this.clientId = c.clientId;
            this.redirectUri = c.redirectUri;
            this.idBaseUri = c.idBaseUri;
            this.oauthBaseUri = c.oauthBaseUri;
            this.clientSecret = c.clientSecret;
            this.clock = c.clock;
            this.calls = c.calls;
            this.refreshSkew = c.refreshSkew;
            this.signInTimeout = c.signInTimeout;
            this.refreshLease = c.refreshLeaseSetting;
            this.timeSource = c.timeSource;
            this.defaultScopes.addAll(c.defaultScopes);
            this.apiVersion = c.apiVersion;
            this.insecureHttpAllowed = c.insecureHttpAllowed;
        }

        /**
         * The VK app id (the "ID приложения" in the app's settings), sent as {@code client_id}. Required.
         *
         * @param clientId positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder clientId(long clientId) {
            if (clientId <= 0) {
                throw new IllegalArgumentException("clientId must be the positive VK app id from the app's settings: " + clientId);
            }
            this.clientId = clientId;
            return this;
        }

        /**
         * The redirect URI VK ID sends the browser back to, exactly as registered in the app's settings ("Доверенный
         * Redirect URL"). Required for sign-in.
         *
         * @param uri an absolute {@code https} URI (or {@code http} to a loopback host, for development) without a
         *     fragment
         * @return this builder
         * @throws IllegalArgumentException if the URI is malformed, relative, has a fragment, or is plain {@code http}
         *     to another host
         */
        public Builder redirectUri(String uri) {
            Objects.requireNonNull(uri, "uri");
            return redirectUri(parse(uri, "redirectUri", "https://school.example/vkid/callback"));
        }

        /**
         * The redirect URI; see {@link #redirectUri(String)}.
         *
         * @param uri the URI
         * @return this builder
         */
        public Builder redirectUri(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
                throw new IllegalArgumentException("redirectUri must be an absolute https URL with a host, as registered in the VK app's settings: " + uri);
            }
            if (uri.getRawFragment() != null) {
                throw new IllegalArgumentException("redirectUri must not have a fragment (OAuth forbids it): " + uri);
            }
            if ("http".equals(scheme) && !isLoopback(uri.getHost())) {
                throw new IllegalArgumentException("redirectUri must use https (plain http is allowed only to a loopback host for development): " + uri);
            }
            this.redirectUri = uri;
            return this;
        }

        /**
         * The VK ID base URL. Default {@code https://id.vk.com}; change it for {@code https://id.vk.ru} or the
         * testkit's fake server. Codes and tokens are only ever sent to this host.
         *
         * @param url an absolute {@code https} URL (or {@code http} to a loopback address), without query or fragment
         * @return this builder
         * @throws IllegalArgumentException if the URL is malformed or has a query, fragment or user info
         */
        public Builder idBaseUrl(String url) {
            this.idBaseUri = base(parse(Objects.requireNonNull(url, "url"), "idBaseUrl", "https://id.vk.com"), "idBaseUrl");
            return this;
        }

        /**
         * The legacy OAuth base URL, used for the client-credentials grant. Default {@code https://oauth.vk.com}.
         *
         * @param url an absolute {@code https} URL (or {@code http} to a loopback address), without query or fragment
         * @return this builder
         * @throws IllegalArgumentException if the URL is malformed or has a query, fragment or user info
         */
        public Builder oauthBaseUrl(String url) {
            this.oauthBaseUri = base(parse(Objects.requireNonNull(url, "url"), "oauthBaseUrl", "https://oauth.vk.com"), "oauthBaseUrl");
            return this;
        }

        /**
         * Allows plain-{@code http} base URLs to a host that is not a loopback address. Off by default: codes and
         * tokens would cross the network unencrypted. Turn it on only for a trusted proxy inside your own network.
         *
         * @param allowed whether to allow it
         * @return this builder
         */
        public Builder insecureHttpAllowed(boolean allowed) {
            this.insecureHttpAllowed = allowed;
            return this;
        }

        /**
         * The app's client secret ("Защищённый ключ"), needed only for service tokens (the legacy
         * client-credentials grant). VK ID sign-in uses PKCE and never sends it. Keep it out of source code.
         *
         * @param secret the secret, or {@code null} for none
         * @return this builder
         */
        public Builder clientSecret(Secret secret) {
            this.clientSecret = secret;
            return this;
        }

        /**
         * The clock for token expiry and sign-in timeouts. Default {@link Clock#systemUTC()}; tests inject a
         * movable clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How VK ID's exchanges (code exchange, refresh, user info, logout, service token) are made: sdk-core's
         * {@link ClientConfig}, as for every other call — connect and attempt timeouts, listeners, an injected
         * {@code HttpClient} or {@link dev.sferum.sdk.core.Transport}, trust, user agent. Its base URL and rate
         * limits do not apply (VK ID's hosts are {@link #idBaseUrl} and {@link #oauthBaseUrl}), and VK ID exchanges
         * are never retried: a code is good once. Default {@code ClientConfig.builder().build()} (connect 5 s, one
         * exchange 15 s).
         *
         * @param calls the configuration
         * @return this builder
         */
        public Builder calls(ClientConfig calls) {
            this.calls = Objects.requireNonNull(calls, "calls");
            return this;
        }

        /**
         * How long before a user token's expiry the provider refreshes it. Default 60 s; raise it if calls are slow
         * or clocks drift, so no call starts with a token that dies in flight. VK ID access tokens live one hour.
         *
         * @param skew zero or positive, less than 30 minutes
         * @return this builder
         */
        public Builder refreshSkew(Duration skew) {
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(30)) >= 0) {
                throw new IllegalArgumentException("refreshSkew must be between 0 and 30 minutes (access tokens live an hour): " + skew);
            }
            this.refreshSkew = skew;
            return this;
        }

        /**
         * How long after {@code startSignIn} the callback is accepted. Default 10 minutes: long enough for a user
         * to sign in, short enough that a leaked {@code state} soon dies.
         *
         * @param timeout between 1 minute and 1 hour
         * @return this builder
         */
        public Builder signInTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.compareTo(Duration.ofMinutes(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("signInTimeout must be between 1 minute and 1 hour: " + timeout);
            }
            this.signInTimeout = timeout;
            return this;
        }

        /**
         * How long one refresh may hold its grant's refresh lease ({@link TokenStore#tryLease}). Before every refresh
         * the provider takes the lease, so across all nodes sharing the store one refresh of a grant runs at a time;
         * a node that finds it taken polls the store for the holder's rotated grant for up to twice this long, then
         * fails with {@link RefreshLeaseTimeoutException}. A holder that died keeps others waiting until its lease
         * expires (on the store's clock). Default {@code calls().connectTimeout() + calls().attemptTimeout() + 10 s} (30 s with the
         * default timeouts).
         *
         * @param ttl longer than {@code calls().connectTimeout() + calls().attemptTimeout()}, so a live refresh never outlasts its lease
         * @return this builder
         */
        public Builder refreshLease(Duration ttl) {
            this.refreshLease = Require.positive(ttl, "refreshLease");
            return this;
        }

        /**
         * The monotonic time source for waiting on another node's refresh: sync callers sleep on it, async callers
         * are resumed by its {@link TimeSource#delay delay}. Default {@link TimeSource#system()}.
         *
         * @param time the time source
         * @return this builder
         */
        public Builder timeSource(TimeSource time) {
            this.timeSource = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * The scopes asked for when a sign-in names none. Default none, which VK ID reads as
         * {@code vkid.personal_info}. Extended scopes such as {@code phone} need VK's approval.
         *
         * @param scopes scope names such as {@code email}
         * @return this builder
         * @throws IllegalArgumentException if a scope is blank or has spaces or quotes
         */
        public Builder defaultScopes(Collection<String> scopes) {
            Objects.requireNonNull(scopes, "scopes");
            this.defaultScopes.clear();
            this.defaultScopes.addAll(Scopes.check(List.copyOf(scopes)));
            return this;
        }

        /**
         * The API version sent as {@code v} to the legacy OAuth server. Default {@code 5.199}.
         *
         * @param version such as {@code 5.199}
         * @return this builder
         */
        public Builder apiVersion(String version) {
            this.apiVersion = VkWire.apiVersion(version);
            return this;
        }

        /**
         * Builds the config.
         *
         * @return the config
         * @throws IllegalStateException if the client id is missing, a base URL is plain http to a non-loopback
         *     host without {@link #insecureHttpAllowed(boolean)}, or the refresh lease is not longer than
         *     {@code calls().connectTimeout() + calls().attemptTimeout()}
         */
        public VkIdConfig build() {
            if (clientId == 0) {
                throw new IllegalStateException("clientId is required: set VkIdConfig.builder().clientId(<your VK app id>)");
            }
            Duration exchange = calls.connectTimeout().plus(calls.attemptTimeout());
            if (refreshLease != null && refreshLease.compareTo(exchange) <= 0) {
                throw new IllegalStateException("refreshLease " + refreshLease + " must be longer than the calls' connectTimeout + "
                        + "attemptTimeout (" + exchange + "), or a refresh could outlive its lease and another node refresh "
                        + "the same grant; raise refreshLease or lower the timeouts");
            }
            for (URI base : new URI[]{idBaseUri, oauthBaseUri}) {
                if ("http".equals(base.getScheme()) && !insecureHttpAllowed && !isLoopback(base.getHost())) {
                    throw new IllegalStateException(base + " is plain http to a non-loopback host, so codes and tokens would cross "
                            + "the network unencrypted; use https, or insecureHttpAllowed(true) for a trusted proxy");
                }
            }
            return new VkIdConfig(this);
        }

        private static URI parse(String url, String name, String example) {
            try {
                return new URI(url.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(name + " is not a valid URL: \"" + url + "\" (" + e.getReason()
                        + "); expected something like " + example, e);
            }
        }

        private static URI base(URI uri, String name) {
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
                throw new IllegalArgumentException(name + " must be an absolute http(s) URL with a host: " + uri);
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException(name + " must not have a query, fragment or user info: " + scheme + "://" + uri.getHost() + "/…");
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
            try {
                return new URI(scheme, null, uri.getHost(), uri.getPort(), path.isEmpty() ? null : path, null, null);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(name + " is not a valid URL: " + uri, e);
            }
        }

        static boolean isLoopback(String host) {
            return "localhost".equalsIgnoreCase(host) || host.startsWith("127.") || "[::1]".equals(host) || "::1".equals(host);
        }
    }
}
