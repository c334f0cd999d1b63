package dev.sferum.sdk.redis;

import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.TimeSource;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the shared stores find Redis and how they treat it: URL, credentials, key prefix and timeouts.
 *
 * <pre>{@code
 * RedisConfig config = RedisConfig.builder()
 *         .url("redis://10.0.0.5:6379/0")
 *         .password(Secret.of(System.getenv("REDIS_PASSWORD")))
 *         .keyPrefix("ejournal:sferum:")
 *         .build();
 * }</pre>
 *
 * <p>The password may also sit in the URL ({@code redis://default:secret@host:6379}); {@link Builder#password(Secret)}
 * wins if both are given. Neither ever appears in {@link #toString()}, a log line or an exception message.
 * Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RedisConfig {
    private final URI uri;
    private final String username;
    private final Secret password;
    private final String keyPrefix;
    private final Duration commandTimeout;
    private final Duration connectTimeout;
    private final Duration probeInterval;
    private final Duration slotLease;
    private final TimeSource timeSource;

    private RedisConfig(Builder b) {
        this.uri = b.uri;
        this.username = b.username;
        this.password = b.password;
        this.keyPrefix = b.keyPrefix;
        this.commandTimeout = b.commandTimeout;
        this.connectTimeout = b.connectTimeout;
        this.probeInterval = b.probeInterval;
        this.slotLease = b.slotLease;
        this.timeSource = b.timeSource;
    }

    /** {@return a builder; {@link Builder#url(String)} is required} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this config's values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.uri = uri;
        b.username = username;
        b.password = password;
        b.keyPrefix = keyPrefix;
        b.commandTimeout = commandTimeout;
        b.connectTimeout = connectTimeout;
        b.probeInterval = probeInterval;
        b.slotLease = slotLease;
        b.timeSource = timeSource;
        return b;
    }

    /** {@return {@code host:port} of the server, as every message names it} */
    public String address() {
        return uri.getHost() + ":" + port();
    }

    /** {@return the server's host} */
    public String host() {
        return uri.getHost();
    }

    /** {@return the server's port; 6379 when the URL has none} */
    public int port() {
        return uri.getPort() > 0 ? uri.getPort() : 6379;
    }

    /** {@return whether the connection uses TLS ({@code rediss://})} */
    public boolean tls() {
        return "rediss".equals(uri.getScheme());
    }

    /** {@return the database number from the URL's path; 0 when it has none} */
    public int database() {
        String path = uri.getPath();
        return path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
    }

    /** {@return the ACL user name, if any} */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** {@return the password, if any} */
    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    /** {@return what every key the stores write starts with} */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** {@return how long one Redis command may take before the stores treat Redis as unreachable} */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** {@return how long connecting may take} */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** {@return how often the rate budget tries Redis again while it is unreachable} */
    public Duration probeInterval() {
        return probeInterval;
    }

    /** {@return how long a granted call may stay in flight before the shared budget counts it as completed} */
    public Duration slotLease() {
        return slotLease;
    }

    /** {@return monotonic time and waiting for fallback budgets and probes} */
    public TimeSource timeSource() {
        return timeSource;
    }

    @Override
    public String toString() {
        return "RedisConfig[" + uri.getScheme() + "://" + address() + "/" + database() + ", keyPrefix=" + keyPrefix
                + ", commandTimeout=" + commandTimeout + ", password=" + (password == null ? "none" : "***") + "]";
    }

    /** Builds a {@link RedisConfig}. Not thread-safe. */
    public static final class Builder {
        private URI uri;
        private String username;
        private Secret password;
        private Secret urlPassword;
        private String keyPrefix = "sferum:";
        private Duration commandTimeout = Duration.ofMillis(500);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration probeInterval = Duration.ofMillis(500);
        private Duration slotLease = Duration.ofSeconds(20);
        private TimeSource timeSource = TimeSource.system();

        private Builder() {
        }

        /**
         * The server: {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for TLS.
         *
         * @param url the URL; a password in it is kept secret
         * @return this builder
         * @throws IllegalArgumentException if the URL is not such a URL (the message shows it without credentials)
         */
        public Builder url(String url) {
            Objects.requireNonNull(url, "url");
            URI parsed;
            try {
                parsed = new URI(url.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Redis URL is not valid: \"" + withoutCredentials(url)
                        + "\"; expected redis://[user:password@]host:port[/database]", null);
            }
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            if (!("redis".equals(scheme) || "rediss".equals(scheme)) || parsed.getHost() == null) {
                throw new IllegalArgumentException("Redis URL must look like redis://[user:password@]host:port[/database]: \""
                        + withoutCredentials(url) + "\"");
            }
            String path = parsed.getPath();
            if (path != null && path.length() > 1 && !path.substring(1).matches("\\d{1,2}")) {
                throw new IllegalArgumentException("Redis URL's path must be a database number like /0: \"" + withoutCredentials(url) + "\"");
            }
            String user = null;
            Secret pass = null;
            String info = parsed.getRawUserInfo();
            if (info != null) {
                int colon = info.indexOf(':');
                String u = colon < 0 ? "" : decode(info.substring(0, colon));
                String p = decode(colon < 0 ? info : info.substring(colon + 1));
                user = u.isEmpty() ? null : u;
                pass = p.isEmpty() ? null : Secret.of(p);
            }
            try {
                this.uri = new URI(scheme, null, parsed.getHost(), parsed.getPort(), path == null || path.isEmpty() ? null : path, null, null);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Redis URL is not valid: \"" + withoutCredentials(url) + "\"", null);
            }
            this.username = user;
            this.urlPassword = pass;
            return this;
        }

        /**
         * Sets the ACL user.
         *
         * @param username the ACL user; default the URL's, or none (Redis's {@code default} user)
         * @return this builder
         */
        public Builder username(String username) {
            this.username = Objects.requireNonNull(username, "username");
            return this;
        }

        /**
         * Sets the ACL password.
         *
         * @param password the password; wins over one in the URL
         * @return this builder
         */
        public Builder password(Secret password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * Sets what every key starts with.
         *
         * @param prefix what every key starts with; default {@code sferum:}. Change it when several applications
         *     or environments share one Redis: nodes share budgets exactly when they share the prefix.
         * @return this builder
         */
        public Builder keyPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.isEmpty() || prefix.chars().anyMatch(c -> c <= ' ' || c == '{' || c == '}')) {
                throw new IllegalArgumentException("keyPrefix must be non-empty without spaces or braces: \"" + prefix + "\"");
            }
            this.keyPrefix = prefix;
            return this;
        }

        /**
         * Sets how long one command may take.
         *
         * @param timeout how long one command may take; default 500 ms. A slower answer counts as Redis being
         *     unreachable, so the rate budget falls back to the local share instead of holding calls.
         * @return this builder
         */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive(timeout, "commandTimeout");
            return this;
        }

        /**
         * Sets how long connecting and the handshake (authentication, database selection) may take.
         *
         * @param timeout how long connecting and the handshake (authentication, database selection) may take;
         *     default 5 s
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets how often a call tries Redis again while it is unreachable.
         *
         * @param interval while Redis is unreachable, how often a call tries it again; default 500 ms
         * @return this builder
         */
        public Builder probeInterval(Duration interval) {
            this.probeInterval = positive(interval, "probeInterval");
            return this;
        }

        /**
         * How long a granted call may stay in flight in the shared budget. A node that dies mid-call never reports
         * the call complete; when its lease ends, the budget counts it as completed then, and its slot frees one
         * window later. Default 20 s: longer than the SDK's default attempt timeout (15 s). Keep it longer than
         * your {@code attemptTimeout}: a call still running when its lease ends could be seen by VK after its slot
         * was counted free. Shorter leases return a dead node's slots sooner.
         *
         * @param lease positive
         * @return this builder
         */
        public Builder slotLease(Duration lease) {
            this.slotLease = positive(lease, "slotLease");
            return this;
        }

        /**
         * Sets the time source for fallback budgets and probes.
         *
         * @param time monotonic time for fallback budgets and probes; default {@link TimeSource#system()}. Use the
         *     same one as the {@code ClientConfig}.
         * @return this builder
         */
        public Builder timeSource(TimeSource time) {
            this.timeSource = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * Builds the config.
         *
         * @return the config
         * @throws IllegalStateException if no URL was given
         */
        public RedisConfig build() {
            if (uri == null) {
                throw new IllegalStateException("RedisConfig needs url(\"redis://host:port\")");
            }
            if (password == null) {
                password = urlPassword;
            }
            return new RedisConfig(this);
        }

        private static String decode(String s) {
            return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }

    /** Replaces the user-info part of a URL, if any, so a message can show the rest. */
    static String withoutCredentials(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }
}
