package dev.sferum.sdk.vk;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.internal.Require;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who a chat client acts as: a community (the normal server route) or a user. It decides which calls the client
 * can make, which VK methods it uses (for example {@code messages.getConversationsById} for a community,
 * {@code messages.getChat} for a user) and the default rate of roster sync.
 *
 * <pre>{@code
 * AccessToken token = AccessToken.community(System.getenv("VK_GROUP_TOKEN"), 123456);
 * ApiClient api = ApiClient.builder().token(token).buildClient();
 * ChatClient chats = VkChats.client(api, ChatActor.of(token));   // = ChatActor.community(123456)
 * }</pre>
 *
 * <p>It must match the kind of token the API client uses; a mismatch surfaces as VK's (or the SDK's) token
 * error on the first call that needs the other kind.
 *
 * @since 0.1.0
 */
public final class ChatActor {
    private final TokenKind kind;
    private final long id;

    private ChatActor(TokenKind kind, long id) {
        this.kind = kind;
        this.id = id;
    }

    /**
     * A community acting through its community token.
     *
     * @param groupId the community id, positive
     * @return the actor
     * @throws IllegalArgumentException if not positive
     */
    public static ChatActor community(long groupId) {
        if (groupId <= 0) {
            throw new IllegalArgumentException("groupId must be positive (the community id without the minus sign): " + groupId);
        }
        return new ChatActor(TokenKind.COMMUNITY, groupId);
    }

    /**
     * A user acting through a user token whose user id is not known in advance; the client asks VK
     * ({@code users.get}) once when it needs it (to leave a chat, or to keep the user in their own chats).
     *
     * @return the actor
     */
    public static ChatActor user() {
        return new ChatActor(TokenKind.USER, 0);
    }

    /**
     * A user acting through a user token.
     *
     * @param userId the token owner's user id, positive
     * @return the actor
     * @throws IllegalArgumentException if not positive
     */
    public static ChatActor user(long userId) {
        Require.positive(userId, "userId");
        return new ChatActor(TokenKind.USER, userId);
    }

    /**
     * The actor a token stands for: a community token's community, or a user token's (unknown) user.
     *
     * @param token the token the API client uses
     * @return the actor
     * @throws IllegalArgumentException for a service token, which cannot use chats
     */
    public static ChatActor of(AccessToken token) {
        Objects.requireNonNull(token, "token");
        return switch (token.kind()) {
            case COMMUNITY -> community(token.groupId().orElseThrow());
            case USER -> user();
            case SERVICE -> throw new IllegalArgumentException("a service token cannot use chats; use a community token "
                    + "(community settings, \"Работа с API\") or a user token");
            case BOT -> throw new IllegalArgumentException("a MAX bot token is not a VK token; use sdk-max's MaxChats");
        };
    }

    /** {@return the kind of token this actor uses} */
    public TokenKind tokenKind() {
        return kind;
    }

    /** {@return whether this actor is a community} */
    public boolean isCommunity() {
        return kind == TokenKind.COMMUNITY;
    }

    /** {@return the community id, for a community} */
    public OptionalLong groupId() {
        return kind == TokenKind.COMMUNITY ? OptionalLong.of(id) : OptionalLong.empty();
    }

    /** {@return the user id, for a user whose id was given} */
    public OptionalLong userId() {
        return kind == TokenKind.USER && id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
    }

    /** {@return the actor as a chat member: the community or the user, if known} */
    public Optional<PeerId> asPeer() {
        if (kind == TokenKind.COMMUNITY) {
            return Optional.of(PeerId.community(id));
        }
        return id > 0 ? Optional.of(PeerId.user(id)) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatActor a && a.kind == kind && a.id == id;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Long.hashCode(id);
    }

    @Override
    public String toString() {
        return kind == TokenKind.COMMUNITY ? "ChatActor[community " + id + "]"
                : "ChatActor[user" + (id > 0 ? " " + id : "") + "]";
    }
}
