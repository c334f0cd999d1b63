package dev.sferum.sdk.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The starter's settings, under {@code sferum.*}: which backend, its token, limits, timeouts, stores and endpoints.
 *
 * <pre>{@code
 * sferum.backend=vk
 * sferum.token=${VK_GROUP_TOKEN}
 * sferum.group-id=123456
 * sferum.callback.confirmation=${VK_CALLBACK_CONFIRMATION}
 * sferum.stores.type=jdbc                       # uses the application's DataSource
 * }</pre>
 *
 * <p>Values are checked when the application starts: a wrong one fails start-up with a message that names the
 * property and how to fix it. Tokens and secrets can come from the environment ({@code SFERUM_TOKEN}); no
 * {@code toString()} here shows one, and Actuator masks them as it masks every property value.
 *
 * @param backend which API: {@code vk} (Sferum / VK Messenger) or {@code max} (MAX's bot API)
 * @param baseUrl the API's base URL; empty for the backend's default ({@code https://api.vk.com} or
 *     {@code https://platform-api2.max.ru}); set it for a proxy or the testkit's fake
 * @param insecureHttpAllowed allow an {@code http://} base URL (the testkit's fake on loopback); never for the real API
 * @param token the community token (VK) or bot token (MAX); without one no client is configured
 * @param groupId the VK community the token belongs to; required with a VK token
 * @param botId the MAX bot's user id ({@code GET /me}); required for the MAX webhook
 * @param rateLimit calls per second allowed for the token; 0 for the SDK's default (20 for a VK community token)
 * @param connectTimeout how long a TCP and TLS connect may take
 * @param callTimeout how long a whole call may take, attempts, back-off and budget waits included
 * @param stores where outbox, chat mappings, lessons and VK ID grants live
 * @param callback the VK Callback API endpoint
 * @param webhook the MAX webhook endpoint
 * @param vkid VK ID sign-in
 * @param lessons the video-lesson scheduler
 * @param metrics the Micrometer meters
 * @param health the Actuator health indicator
 * @since 0.1.0
 */
@ConfigurationProperties("sferum")
public record SferumProperties(
        @DefaultValue("vk") Backend backend,
        String baseUrl,
        @DefaultValue("false") boolean insecureHttpAllowed,
        String token,
        @DefaultValue("0") long groupId,
        @DefaultValue("0") long botId,
        @DefaultValue("0") int rateLimit,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("30s") Duration callTimeout,
        @DefaultValue Stores stores,
        @DefaultValue Callback callback,
        @DefaultValue Webhook webhook,
        @DefaultValue VkId vkid,
        @DefaultValue Lessons lessons,
        @DefaultValue Metrics metrics,
        @DefaultValue Health health) {

    /**
     * Checks the settings together.
     *
     * @param backend which API: {@code vk} (Sferum / VK Messenger) or {@code max} (MAX's bot API)
     * @param baseUrl the API's base URL; empty for the backend's default ({@code https://api.vk.com} or
     *     {@code https://platform-api2.max.ru}); set it for a proxy or the testkit's fake
     * @param insecureHttpAllowed allow an {@code http://} base URL (the testkit's fake on loopback); never for the real API
     * @param token the community token (VK) or bot token (MAX); without one no client is configured
     * @param groupId the VK community the token belongs to; required with a VK token
     * @param botId the MAX bot's user id ({@code GET /me}); required for the MAX webhook
     * @param rateLimit calls per second allowed for the token; 0 for the SDK's default (20 for a VK community token)
     * @param connectTimeout how long a TCP and TLS connect may take
     * @param callTimeout how long a whole call may take, attempts, back-off and budget waits included
     * @param stores where outbox, chat mappings, lessons and VK ID grants live
     * @param callback the VK Callback API endpoint
     * @param webhook the MAX webhook endpoint
     * @param vkid VK ID sign-in
     * @param lessons the video-lesson scheduler
     * @param metrics the Micrometer meters
     * @param health the Actuator health indicator
     * @throws IllegalArgumentException naming the property and the fix
     */
    public SferumProperties {
        if (baseUrl != null && !baseUrl.isBlank()) {
            URI uri;
            try {
                uri = URI.create(baseUrl.trim());
            } catch (IllegalArgumentException e) {
                throw bad("sferum.base-url is not a URL", "set it like https://api.vk.com, or leave it empty for the default");
            }
            if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http")) || uri.getHost() == null) {
                throw bad("sferum.base-url must be an http(s) URL with a host: " + baseUrl,
                        "set it like https://api.vk.com, or leave it empty for the default");
            }
            if (uri.getScheme().equals("http") && !insecureHttpAllowed) {
                throw bad("sferum.base-url is plain http: " + baseUrl + ", which would send the token unencrypted",
                        "use https, or for the testkit's fake on loopback set sferum.insecure-http-allowed=true");
            }
        }
        if (hasText(token)) {
            if (backend == Backend.VK && groupId <= 0) {
                throw bad("sferum.group-id is required with a VK community token (sferum.backend=vk)",
                        "set sferum.group-id to the community's id, a positive number such as 123456");
            }
        }
        if (groupId < 0) {
            throw bad("sferum.group-id must be positive: " + groupId, "set it to the community's id, such as 123456");
        }
        if (botId < 0) {
            throw bad("sferum.bot-id must be positive: " + botId, "set it to the bot's user id from MAX's GET /me");
        }
        if (rateLimit < 0) {
            throw bad("sferum.rate-limit must be 0 (the SDK's default) or a positive number of calls per second: " + rateLimit,
                    "set it to VK's limit for the token, such as 20 for a community token");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || callTimeout.isNegative() || callTimeout.isZero()) {
            throw bad("sferum.connect-timeout and sferum.call-timeout must be positive", "set them like 10s and 30s");
        }
        if (backend == Backend.MAX && hasText(webhook.secret()) && botId <= 0) {
            throw bad("sferum.bot-id is required for the MAX webhook (sferum.webhook.secret is set)",
                    "set sferum.bot-id to the bot's user id from MAX's GET /me");
        }
        if (callback.enabled() && backend != Backend.VK) {
            throw bad("sferum.callback.enabled is VK's Callback API, but sferum.backend=max",
                    "for MAX set sferum.webhook.secret (the webhook), or set sferum.backend=vk");
        }
        if (callback.enabled() && !hasText(callback.secret())) {
            throw bad("sferum.callback.secret is required with sferum.callback.enabled: without it anyone who knows the path "
                    + "could post forged events", "set it to the secret key of this server in the community's Callback API settings");
        }
        if (callback.enabled() && !hasText(callback.confirmation()) && !hasText(token)) {
            throw bad("sferum.callback.enabled needs sferum.callback.confirmation, or sferum.token to ask VK for the code",
                    "set sferum.callback.confirmation to the code shown in the community's Callback API settings");
        }
        if (hasText(lessons.teacherToken()) && backend != Backend.VK) {
            throw bad("sferum.lessons.teacher-token works only with sferum.backend=vk",
                    "remove sferum.lessons.teacher-token, or use the VK backend for video lessons");
        }
    }

    static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }

    private static IllegalArgumentException bad(String what, String fix) {
        return new IllegalArgumentException(what + "; " + fix);
    }

    /** {@return the base URL, or empty for the backend's default} */
    public java.util.Optional<String> baseUrlOverride() {
        return hasText(baseUrl) ? java.util.Optional.of(baseUrl.trim()) : java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return "SferumProperties{backend=" + backend + ", baseUrl=" + baseUrl + ", insecureHttpAllowed=" + insecureHttpAllowed + ", token=" + redact(token) + ", groupId=" + groupId
                + ", botId=" + botId + ", rateLimit=" + rateLimit + ", connectTimeout=" + connectTimeout + ", callTimeout="
                + callTimeout + ", stores=" + stores + ", callback=" + callback + ", webhook=" + webhook + ", vkid=" + vkid
                + ", lessons=" + lessons + ", metrics=" + metrics + ", health=" + health + "}";
    }

    static String redact(String secret) {
        return hasText(secret) ? "<redacted>" : "<none>";
    }

    /**
     * The API a school's chats live in.
     *
     * @since 0.1.0
     */
    public enum Backend {
        /** Sferum / VK Messenger through the VK API. */
        VK,
        /** VK's national messenger MAX, through its bot API. */
        MAX;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Where the SDK keeps its state.
     *
     * @since 0.1.0
     */
    public enum StoreType {
        /** In the heap: lost on restart; for tests and demos. */
        MEMORY,
        /** JSON files under {@code sferum.stores.directory}: one node only. */
        FILE,
        /**
         * Redis (rate budgets, VK ID grants, event de-duplication), with outbox, chat mappings and lessons in files
         * under {@code sferum.stores.directory}.
         */
        REDIS,
        /** PostgreSQL through the application's {@code DataSource}: every store, shared by all nodes. */
        JDBC
    }

    /**
     * Stores.
     *
     * @param type {@code memory} (default), {@code file}, {@code redis} or {@code jdbc}
     * @param directory for {@code file}: the folder of the JSON files; for {@code redis}: of the outbox, mappings and lessons
     * @param redisUrl for {@code redis}: {@code redis://host:6379/0}; empty to use the application's Redis connection
     *     ({@code spring.data.redis.*} or a service connection)
     * @param nodes for {@code redis}: how many application nodes share the tokens (each gets 1/nodes of a budget while
     *     Redis is away)
     * @param scope the name of this school service's rows in shared stores (chat mappings, lessons)
     * @param tablePrefix for {@code jdbc}: what every table name starts with; change it to keep several applications
     *     or environments apart in one database
     * @param keyPrefix for {@code redis}: what every key starts with; nodes share budgets exactly when they share it
     * @since 0.1.0
     */
    public record Stores(@DefaultValue("memory") StoreType type, @DefaultValue("sferum-state") Path directory, String redisUrl,
            @DefaultValue("1") int nodes, @DefaultValue("default") String scope, @DefaultValue("sferum_") String tablePrefix,
            @DefaultValue("sferum:") String keyPrefix) {
        /**
         * Checks the values.
         *
         * @param type {@code memory} (default), {@code file}, {@code redis} or {@code jdbc}
         * @param directory for {@code file}: the folder of the JSON files; for {@code redis}: of the outbox, mappings and
         *     lessons
         * @param redisUrl for {@code redis}: {@code redis://host:6379/0}; empty to use the application's Redis
         *     connection ({@code spring.data.redis.*} or a service connection)
         * @param nodes for {@code redis}: how many application nodes share the tokens (each gets 1/nodes of a budget while
         *     Redis is away)
         * @param scope the name of this school service's rows in shared stores (chat mappings, lessons)
         * @param tablePrefix for {@code jdbc}: what every table name starts with
         * @param keyPrefix for {@code redis}: what every key starts with
         * @throws IllegalArgumentException naming the property and the fix
         */
        public Stores {
            if (nodes < 1) {
                throw bad("sferum.stores.nodes must be at least 1: " + nodes, "set it to the number of application nodes");
            }
            if (!hasText(scope)) {
                throw bad("sferum.stores.scope must not be blank", "set a short name such as school-42");
            }
            if (tablePrefix == null || !tablePrefix.matches("[a-z][a-z0-9_]{0,29}")) {
                throw bad("sferum.stores.table-prefix must be lower-case letters, digits and underscores, starting with a letter, "
                        + "at most 30 characters: " + tablePrefix, "set it like sferum_ or school42_");
            }
            if (keyPrefix == null || keyPrefix.isEmpty() || keyPrefix.chars().anyMatch(c -> c <= ' ' || c == '{' || c == '}')) {
                throw bad("sferum.stores.key-prefix must be non-empty, without spaces or braces: " + keyPrefix, "set it like sferum: or school42:");
            }
        }

        @Override
        public String toString() {
            return "Stores{type=" + type + ", directory=" + directory + ", redisUrl=" + (hasText(redisUrl) ? "<set>" : "<none>")
                    + ", nodes=" + nodes + ", scope=" + scope + ", tablePrefix=" + tablePrefix + ", keyPrefix=" + keyPrefix + "}";
        }
    }

    /**
     * The VK Callback API endpoint: served when enabled and the backend is {@code vk}.
     *
     * @param enabled serve the endpoint
     * @param path where VK posts events
     * @param confirmation the confirmation code VK shows in the community's Callback API settings; empty to ask the
     *     API for it ({@code groups.getCallbackConfirmationCode}) whenever VK sends a confirmation request
     * @param secret the secret key set there; required, since without one anybody who knows the path could post events
     * @since 0.1.0
     */
    public record Callback(@DefaultValue("false") boolean enabled, @DefaultValue("/sferum/vk/callback") String path,
            String confirmation, String secret) {
        /**
         * Checks the path.
         *
         * @param enabled serve the endpoint
         * @param path where VK posts events
         * @param confirmation the confirmation code VK shows in the community's Callback API settings; empty to ask the
         *     API for it ({@code groups.getCallbackConfirmationCode}) whenever VK sends a confirmation request
         * @param secret the secret key set there; required with {@code enabled}
         * @throws IllegalArgumentException naming the property and the fix
         */
        public Callback {
            checkPath("sferum.callback.path", path);
        }

        @Override
        public String toString() {
            return "Callback{enabled=" + enabled + ", path=" + path + ", confirmation=" + redact(confirmation) + ", secret=" + redact(secret) + "}";
        }
    }

    /**
     * The MAX webhook endpoint: served when its secret is set and the backend is {@code max}.
     *
     * @param path where MAX posts updates
     * @param secret the secret given to MAX's {@code POST /subscriptions}, checked in {@code X-Max-Bot-Api-Secret}
     * @since 0.1.0
     */
    public record Webhook(@DefaultValue("/sferum/max/webhook") String path, String secret) {
        /**
         * Checks the path.
         *
         * @param path where MAX posts updates
         * @param secret the secret given to MAX's {@code POST /subscriptions}, checked in {@code X-Max-Bot-Api-Secret}
         * @throws IllegalArgumentException naming the property and the fix
         */
        public Webhook {
            checkPath("sferum.webhook.path", path);
        }

        @Override
        public String toString() {
            return "Webhook{path=" + path + ", secret=" + redact(secret) + "}";
        }
    }

    /**
     * VK ID sign-in: the client and its two endpoints, configured when {@code client-id} is set.
     *
     * @param clientId the VK ID application's id
     * @param clientSecret its secret, for confidential clients; empty for PKCE only
     * @param redirectUri the URL VK ID sends the browser back to: this application's {@code callback-path}
     * @param signInPath where a browser starts signing in (redirected to VK ID)
     * @param callbackPath where VK ID sends it back
     * @param successUrl where the browser goes after a successful sign-in
     * @param idBaseUrl VK ID's base URL, empty for {@code https://id.vk.com}; set it for the testkit's fake
     * @param oauthBaseUrl VK OAuth's base URL, empty for {@code https://oauth.vk.com}
     * @since 0.1.0
     */
    public record VkId(@DefaultValue("0") long clientId, String clientSecret, String redirectUri,
            @DefaultValue("/sferum/vkid/sign-in") String signInPath, @DefaultValue("/sferum/vkid/callback") String callbackPath,
            @DefaultValue("/") String successUrl, String idBaseUrl, String oauthBaseUrl) {
        /**
         * Checks the values.
         *
         * @param clientId the VK ID application's id
         * @param clientSecret its secret, for confidential clients; empty for PKCE only
         * @param redirectUri the URL VK ID sends the browser back to: this application's {@code callback-path}
         * @param signInPath where a browser starts signing in (redirected to VK ID)
         * @param callbackPath where VK ID sends it back
         * @param successUrl where the browser goes after a successful sign-in
         * @param idBaseUrl VK ID's base URL, empty for {@code https://id.vk.com}; set it for the testkit's fake
         * @param oauthBaseUrl VK OAuth's base URL, empty for {@code https://oauth.vk.com}
         * @throws IllegalArgumentException naming the property and the fix
         */
        public VkId {
            checkPath("sferum.vkid.sign-in-path", signInPath);
            checkPath("sferum.vkid.callback-path", callbackPath);
            if (clientId < 0) {
                throw bad("sferum.vkid.client-id must be positive: " + clientId, "set the VK ID application's id");
            }
            if (clientId > 0 && !hasText(redirectUri)) {
                throw bad("sferum.vkid.redirect-uri is required with sferum.vkid.client-id",
                        "set it to this application's public URL of sferum.vkid.callback-path, such as https://school.example"
                                + callbackPath);
            }
        }

        @Override
        public String toString() {
            return "VkId{clientId=" + clientId + ", clientSecret=" + redact(clientSecret) + ", redirectUri=" + redirectUri
                    + ", signInPath=" + signInPath + ", callbackPath=" + callbackPath + ", successUrl=" + successUrl + "}";
        }
    }

    /**
     * The video-lesson scheduler (VK only): configured when a teacher's token is set.
     *
     * @param teacherToken the user token of the teacher account that starts the calls
     * @param zone the school's time zone
     * @param leadTime how long before the start a call is made
     * @since 0.1.0
     */
    public record Lessons(String teacherToken, @DefaultValue("Europe/Moscow") ZoneId zone, @DefaultValue("5m") Duration leadTime) {
        @Override
        public String toString() {
            return "Lessons{teacherToken=" + redact(teacherToken) + ", zone=" + zone + ", leadTime=" + leadTime + "}";
        }
    }

    /**
     * The Micrometer meters, recorded when the application has a {@code MeterRegistry}.
     *
     * @param enabled whether to record them
     * @param percentileHistogram publish a histogram of call latency (for {@code histogram_quantile}); adds series
     * @since 0.1.0
     */
    public record Metrics(@DefaultValue("true") boolean enabled, @DefaultValue("false") boolean percentileHistogram) {
    }

    /**
     * The Actuator health indicator.
     *
     * @param checkToken make one cheap API call per check to learn whether the token is accepted
     * @param cacheFor how long one check's answer is reused, so that probes do not spend the token's budget
     * @since 0.1.0
     */
    public record Health(@DefaultValue("true") boolean checkToken, @DefaultValue("30s") Duration cacheFor) {
    }

    private static void checkPath(String property, String path) {
        if (!hasText(path) || !path.startsWith("/") || path.contains(" ")) {
            throw bad(property + " must be a path starting with /: " + path, "set it like /sferum/vk/callback");
        }
    }
}
