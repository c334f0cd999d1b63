package dev.sferum.sdk.spring;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code sferum} component of {@code /actuator/health}: whether the API accepts the token, the rate budget in
 * force, and whether the store can be read.
 *
 * <p>DOWN when the API rejects the token (error category {@code TOKEN} or {@code PERMISSION}) or the store cannot
 * be read; UNKNOWN when the API cannot be reached (a network or server fault is not the service's own failure).
 * The token check is one cheap call (the first page of one conversation), and its answer is reused for
 * {@code sferum.health.cache-for} (30 s), so frequent probes do not spend the token's budget. Details hold no token,
 * no secret and no id of a person.
 *
 * @since 0.1.0
 */
public final class SferumHealthIndicator implements HealthIndicator {
    private final SferumProperties properties;
    private final ChatClient chats;
    private final SferumStores stores;
    private final Clock clock;
    private volatile Instant checkedAt;
    private volatile Map<String, Object> lastToken;
    private volatile boolean lastTokenDown;

    SferumHealthIndicator(SferumProperties properties, ChatClient chats, SferumStores stores, Clock clock) {
        this.properties = properties;
        this.chats = chats;
        this.stores = stores;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Map<String, Object> token = token();
        boolean tokenDown = lastTokenDown;
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("type", stores.type.name().toLowerCase(Locale.ROOT));
        boolean storeUp;
        try {
            store.put("pendingMessages", stores.probe());
            store.put("reachable", true);
            storeUp = true;
        } catch (RuntimeException e) {
            store.put("reachable", false);
            store.put("error", e instanceof SferumException s ? s.category().name() : e.getClass().getSimpleName());
            storeUp = false;
        }
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("perSecond", properties.rateLimit() > 0 ? properties.rateLimit() : "default");
        budget.put("shared", stores.budgets != null);

        Health.Builder health;
        if (tokenDown || !storeUp) {
            health = Health.down();
        } else if ("unreachable".equals(token.get("state"))) {
            health = Health.unknown();
        } else {
            health = Health.up();
        }
        return health.withDetail("backend", properties.backend().toString()).withDetail("token", token)
                .withDetail("budget", budget).withDetail("store", store).build();
    }

    private Map<String, Object> token() {
        if (chats == null) {
            lastTokenDown = false;
            return Map.of("state", "not configured");
        }
        if (!properties.health().checkToken()) {
            lastTokenDown = false;
            return Map.of("state", "not checked");
        }
        Instant now = clock.instant();
        Instant at = checkedAt;
        if (at != null && lastToken != null && now.isBefore(at.plus(properties.health().cacheFor()))) {
            return lastToken;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        boolean down = false;
        try {
            chats.conversations(r -> r.pageSize(1)).pages().iterator().next();
            result.put("state", "accepted");
        } catch (SferumException e) {
            ErrorCategory c = e.category();
            if (c == ErrorCategory.TOKEN || c == ErrorCategory.PERMISSION) {
                result.put("state", "rejected");
                down = true;
            } else {
                result.put("state", "unreachable");
            }
            result.put("error", c.name());
            e.remedy().ifPresent(r -> result.put("remedy", r));
        }
        result.put("checkedAt", now.toString());
        lastTokenDown = down;
        lastToken = result;
        checkedAt = now;
        return result;
    }

    @Override
    public String toString() {
        return "SferumHealthIndicator{backend=" + properties.backend() + "}";
    }
}
