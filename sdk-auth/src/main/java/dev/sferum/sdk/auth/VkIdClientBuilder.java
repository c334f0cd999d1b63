package dev.sferum.sdk.auth;

import java.util.Objects;

/**
 * Builds {@link VkIdClient}s and {@link VkIdAsyncClient}s: one builder, two kinds of client. Clients built from one
 * builder (without changing it in between) share their stores and their refresh flights.
 *
 * <pre>{@code
 * VkIdClientBuilder b = VkIdClient.builder().config(config).tokenStore(FileTokenStore.open(path));
 * VkIdClient vkid = b.buildClient();
 * VkIdAsyncClient vkidAsync = b.buildAsyncClient();     // same grants, same single-flight refreshes
 * }</pre>
 *
 * <p>Not thread-safe; the clients it builds are.
 *
 * @since 0.1.0
 */
public final class VkIdClientBuilder {
    private VkIdConfig config;
    private TokenStore tokenStore;
    private PendingSignInStore pendingStore;
    private VkIdCore core;

    VkIdClientBuilder() {
    }

    /**
     * The configuration. Required.
     *
     * @param config the config
     * @return this builder
     */
    public VkIdClientBuilder config(VkIdConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.core = null;
        return this;
    }

    /**
     * Where grants are kept. Default: a new {@link InMemoryTokenStore} (grants are lost on restart); use a
     * {@link FileTokenStore} or a database store in production.
     *
     * @param store the store
     * @return this builder
     */
    public VkIdClientBuilder tokenStore(TokenStore store) {
        this.tokenStore = Objects.requireNonNull(store, "store");
        this.core = null;
        return this;
    }

    /**
     * Where started sign-ins wait for their callback. Default: {@link PendingSignInStore#inMemory()}; share one
     * between servers when the callback may reach another node than the one that started the sign-in.
     *
     * @param store the store
     * @return this builder
     */
    public VkIdClientBuilder pendingSignInStore(PendingSignInStore store) {
        this.pendingStore = Objects.requireNonNull(store, "store");
        this.core = null;
        return this;
    }

    /**
     * Builds a blocking client.
     *
     * @return the client
     * @throws IllegalStateException if no config was given
     */
    public VkIdClient buildClient() {
        return new VkIdClient(core());
    }

    /**
     * Builds a non-blocking client.
     *
     * @return the client
     * @throws IllegalStateException if no config was given
     */
    public VkIdAsyncClient buildAsyncClient() {
        return new VkIdAsyncClient(core());
    }

    private VkIdCore core() {
        if (config == null) {
            throw new IllegalStateException("a VK ID client needs a config: VkIdClient.builder().config(VkIdConfig.builder().clientId(...)...build())");
        }
        if (core == null) {
            core = new VkIdCore(config, tokenStore != null ? tokenStore : new InMemoryTokenStore(),
                    pendingStore != null ? pendingStore : PendingSignInStore.inMemory());
        }
        return core;
    }
}
