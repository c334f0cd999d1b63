package dev.sferum.sdk.auth;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TokenStore} in this process's memory: for tests and short-lived tools. Grants are lost on restart, so
 * users then sign in again.
 *
 * <pre>{@code
 * VkIdClient vkid = VkIdClient.builder().config(config).tokenStore(new InMemoryTokenStore()).buildClient();
 * }</pre>
 *
 * <p>Thread-safe; {@link #replace} is atomic.
 *
 * @since 0.1.0
 */
public final class InMemoryTokenStore implements TokenStore {
    private final ConcurrentHashMap<String, StoredGrant> grants = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryTokenStore() {
    }

    @Override
    public Optional<StoredGrant> load(String key) {
        return Optional.ofNullable(grants.get(Objects.requireNonNull(key, "key")));
    }

    @Override
    public void save(String key, StoredGrant grant) {
        grants.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(grant, "grant"));
    }

    @Override
    public boolean replace(String key, StoredGrant expected, StoredGrant next) {
        return grants.replace(Objects.requireNonNull(key, "key"), Objects.requireNonNull(expected, "expected"),
                Objects.requireNonNull(next, "next"));
    }

    @Override
    public void delete(String key) {
        grants.remove(Objects.requireNonNull(key, "key"));
    }

    @Override
    public String toString() {
        return "InMemoryTokenStore[" + grants.size() + " grants]";
    }
}
