package dev.sferum.sdk.spring;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
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
 * The {@code sferum} component of {@code /actuator/health}: whether the API accepts the token, the live state of
 * each client's rate budget, and whether the store can be reached.
 *
 * <ul>
 *   <li>{@code token}: {@code accepted}, {@code rejected} (with the error category and its remedy) or
 *       {@code unreachable}, from one cheap call (the first page of one conversation) whose answer is reused for
 *       {@code sferum.health.cache-for} (30 s), so frequent probes do not spend the token's budget;</li>
 *   <li>{@code budget}: per client ({@code chats}, and {@code lessons} for the teacher's token), read from the
 *       rate-budget store now ({@link dev.sferum.sdk.core.RateBudgetStore#state}): the limit in force (lowered after
 *       the server refused a call), slots occupied, how long the token is still blocked; and since start-up, how
 *       often calls were told to wait for the budget, the last wait, how often the server refused a call for
 *       sending too much (VK 6/9/29, MAX 429) and when last;</li>
 *   <li>{@code store}: the store type, a live check of its server ({@code PING} for Redis,
 *       {@code Connection.isValid} for JDBC, the folder writable for files) and the messages pending in the
 *       outbox.</li>
 * </ul>
 *
 * <p>DOWN when the API rejects the token (error category {@code TOKEN} or {@code PERMISSION}) or the store cannot
 * be reached; UNKNOWN when the API cannot be reached (a network or server fault is not the service's own failure);
 * a budget that waits or is blocked is the budget working, not a failure, and stays UP. Details hold no token, no
 * token fingerprint, no secret and no id of a person.
 *
 * @since 0.1.0
 */
public final class SferumHealthIndicator implements HealthIndicator {
    private final SferumProperties properties;
    private final ChatClient chats;
    private final SferumStores stores;
    private final MessageOutbox outbox;
    private final SferumBudgets budgets;
    private final Clock clock;
    private volatile Instant checkedAt;
    private volatile Map<String, Object> lastToken;
    private volatile boolean lastTokenDown;

    SferumHealthIndicator(SferumProperties properties, ChatClient chats, SferumStores stores, MessageOutbox outbox,
            SferumBudgets budgets, Clock clock) {
        this.properties = properties;
        this.chats = chats;
        this.stores = stores;
        this.outbox = outbox;
        this.budgets = budgets;
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
            stores.check(store);
            if (outbox != null) {
                store.put("pendingMessages", outbox.size());
            }
            store.put("reachable", true);
            storeUp = true;
        } catch (Exception e) {
            store.put("reachable", false);
            store.put("error", e instanceof SferumException s ? s.category().name() : e.getClass().getSimpleName());
            storeUp = false;
        }
        Map<String, Object> budget = budgets.details();

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
