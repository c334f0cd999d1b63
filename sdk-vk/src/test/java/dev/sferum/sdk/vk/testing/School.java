package dev.sferum.sdk.vk.testing;

import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeToken;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A school on the testkit fake: a community with an admin teacher, and helpers to build chat clients for either
 * token. Rate limits are off on both sides and back-off waits are virtual, so tests never sleep.
 */
public final class School implements AutoCloseable {
    public final FakeVk fake;
    public final FakeUser director;
    public final FakeCommunity community;

    private School(FakeVk fake) {
        this.fake = fake;
        this.director = fake.createUser("Ирина", "Смирнова");
        this.community = fake.createCommunity("Школа №1", director);
        Canary.register(community.token().value());
    }

    public static School open() {
        return new School(FakeVk.builder().rateLimitsEnabled(false).start());
    }

    public List<FakeUser> users(int n, String lastName) {
        List<FakeUser> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(fake.createUser("U" + i, lastName));
        }
        return out;
    }

    public ClientConfig config() {
        return ClientConfig.builder().baseUri(fake.baseUri()).rateLimits(RateLimits.unlimited()).timeSource(new FakeTimeSource()).build();
    }

    public AccessToken communityToken() {
        return AccessToken.community(community.token().value(), community.id());
    }

    public AccessToken userToken(FakeUser user) {
        FakeToken t = fake.userToken(user);
        return AccessToken.user(Canary.register(t.value()));
    }

    public ApiClientBuilder api(AccessToken token) {
        return ApiClient.builder().config(config()).token(token);
    }

    public ApiClientBuilder api(AccessToken token, UnaryOperator<ClientConfig.Builder> config) {
        return ApiClient.builder().config(config.apply(config().toBuilder()).build()).token(token);
    }

    /** A client acting as the community. */
    public ChatClient communityChats(Mode mode) {
        return communityChats(mode, MessageOutbox.inMemory());
    }

    public ChatClient communityChats(Mode mode, MessageOutbox outbox) {
        return mode.chats(api(communityToken()), VkChats.builder().actor(ChatActor.community(community.id())).outbox(outbox));
    }

    /** A client acting as a user (the director, unless given). */
    public ChatClient userChats(Mode mode, FakeUser user) {
        return mode.chats(api(userToken(user)), VkChats.builder().actor(ChatActor.user()));
    }

    @Override
    public void close() {
        fake.close();
    }
}
