package dev.sferum.sdk.chat;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a chat client's backend (and the account it acts as) can do, as data, so callers and roster sync can plan
 * instead of failing half-way. Every operation, or part of a request, that some backend cannot do has a flag here:
 * when the flag says no, the call fails with an {@link UnsupportedChatOperationException} (category
 * {@code NOT_SUPPORTED}, with a remedy) before any I/O, on the sync and the async client alike.
 *
 * <pre>{@code
 * ChatCapabilities caps = chats.capabilities();
 * if (!caps.canAddMembers() && caps.canReadInviteLinks()) {
 *     InviteLink link = chats.inviteLink(chat);   // share it with the pupils instead
 * }
 * HistoryRequest h = HistoryRequest.builder().peer(chat).oldestFirst(caps.canReadOldestFirst()).build();
 * }</pre>
 *
 * <table>
 *   <caption>The two backends</caption>
 *   <tr><th>flag</th><th>VK community</th><th>VK user</th><th>MAX bot</th></tr>
 *   <tr><td>{@code canCreateChats}</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>{@code canAddMembers}</td><td>no</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@code canRemoveMembers}</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@code canReadInviteLinks}, {@code canResetInviteLinks}</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>{@code hasIdempotentSend}</td><td>yes ({@code random_id})</td><td>yes</td><td>no (the SDK's marker)</td></tr>
 *   <tr><td>{@code canDeleteForAll}</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@code canDeleteForSelf}</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>{@code canReadOldestFirst}</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>{@code conversationFilters}</td><td>all four</td><td>{@code ALL}, {@code UNREAD}</td><td>{@code ALL}</td></tr>
 *   <tr><td>{@code maxMessageLength}</td><td>9,000</td><td>9,000</td><td>4,000 − 33 (the marker)</td></tr>
 *   <tr><td>{@code maxPeersPerCall}</td><td>100</td><td>100</td><td>1</td></tr>
 *   <tr><td>{@code requestsPerSecond}</td><td>20</td><td>3</td><td>30 (configurable)</td></tr>
 * </table>
 *
 * <p>Build one with {@link #builder(String)} (a backend does; users only read them). Immutable and thread-safe.
 *
 * @param backend the backend's name, such as {@code vk} or {@code max}
 * @param canCreateChats whether {@code createChat} works (a MAX bot works only in chats people add it to)
 * @param canAddMembers whether {@code addMember} works (VK's {@code addChatUser} takes user tokens only)
 * @param canRemoveMembers whether {@code removeMember} works
 * @param canReadInviteLinks whether {@code inviteLink} works: the chat's current invite link can be read
 * @param canResetInviteLinks whether {@code resetInviteLink} works: the link can be revoked and a new one made
 * @param hasIdempotentSend whether the backend drops a repeated send with the same idempotency key, so a retry
 *     after a lost answer cannot post twice; without it the SDK checks the chat before resending
 * @param canDeleteForAll whether {@code delete} with {@code forAll(true)} works: the messages go for every
 *     participant
 * @param canDeleteForSelf whether {@code delete} with {@code forAll(false)} (the default) works: the messages go
 *     only for the acting account
 * @param canReadOldestFirst whether {@code history} with {@code oldestFirst(true)} works; newest first always does
 * @param conversationFilters the {@link ConversationsRequest.Filter}s {@code conversations} accepts; always holds
 *     {@link ConversationsRequest.Filter#ALL ALL}
 * @param maxMessageLength the longest text of one backend message, in UTF-16 chars; longer texts are split
 * @param maxPeersPerCall how many peers one send call can reach (the client sends to more one group after another)
 * @param maxTitleLength the longest chat title the client accepts, in code points
 * @param requestsPerSecond the request rate the backend allows this account (VK: 3 for a user token, 20 for a
 *     community token); roster sync estimates durations with it
 * @since 0.1.0
 */
public record ChatCapabilities(String backend, boolean canCreateChats, boolean canAddMembers, boolean canRemoveMembers,
                               boolean canReadInviteLinks, boolean canResetInviteLinks, boolean hasIdempotentSend,
                               boolean canDeleteForAll, boolean canDeleteForSelf, boolean canReadOldestFirst,
                               Set<ConversationsRequest.Filter> conversationFilters,
                               int maxMessageLength, int maxPeersPerCall, int maxTitleLength, double requestsPerSecond) {

    /**
     * Checks the values and copies the filters.
     *
     * @param backend the backend's name, such as {@code vk} or {@code max}
     * @param canCreateChats whether {@code createChat} works (a MAX bot works only in chats people add it to)
     * @param canAddMembers whether {@code addMember} works (VK's {@code addChatUser} takes user tokens only)
     * @param canRemoveMembers whether {@code removeMember} works
     * @param canReadInviteLinks whether {@code inviteLink} works: the chat's current invite link can be read
     * @param canResetInviteLinks whether {@code resetInviteLink} works: the link can be revoked and a new one made
     * @param hasIdempotentSend whether the backend drops a repeated send with the same idempotency key, so a retry
     *     after a lost answer cannot post twice; without it the SDK checks the chat before resending
     * @param canDeleteForAll whether {@code delete} with {@code forAll(true)} works: the messages go for every
     *     participant
     * @param canDeleteForSelf whether {@code delete} with {@code forAll(false)} (the default) works: the messages go
     *     only for the acting account
     * @param canReadOldestFirst whether {@code history} with {@code oldestFirst(true)} works; newest first always does
     * @param conversationFilters the {@link ConversationsRequest.Filter}s {@code conversations} accepts; always holds
     *     {@link ConversationsRequest.Filter#ALL ALL}
     * @param maxMessageLength the longest text of one backend message, in UTF-16 chars; longer texts are split
     * @param maxPeersPerCall how many peers one send call can reach (the client sends to more one group after another)
     * @param maxTitleLength the longest chat title the client accepts, in code points
     * @param requestsPerSecond the request rate the backend allows this account (VK: 3 for a user token, 20 for a
     *     community token); roster sync estimates durations with it
     * @throws IllegalArgumentException if the backend name is blank, a limit or the rate is not positive, the filters
     *     lack {@code ALL}, or {@code delete} could work neither way
     */
    public ChatCapabilities {
        Objects.requireNonNull(backend, "backend");
        if (backend.isBlank()) {
            throw new IllegalArgumentException("backend must not be blank");
        }
        Objects.requireNonNull(conversationFilters, "conversationFilters");
        if (!conversationFilters.contains(ConversationsRequest.Filter.ALL)) {
            throw new IllegalArgumentException("conversationFilters must contain ALL (listing without a filter always works): "
                    + conversationFilters);
        }
        conversationFilters = Set.copyOf(conversationFilters);
        if (!canDeleteForAll && !canDeleteForSelf) {
            throw new IllegalArgumentException("a backend deletes messages for everyone, for itself, or both; "
                    + "canDeleteForAll and canDeleteForSelf are both false");
        }
        if (maxMessageLength < 1 || maxPeersPerCall < 1 || maxTitleLength < 1) {
            throw new IllegalArgumentException("limits must be positive: maxMessageLength " + maxMessageLength
                    + ", maxPeersPerCall " + maxPeersPerCall + ", maxTitleLength " + maxTitleLength);
        }
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requestsPerSecond must be positive and finite: " + requestsPerSecond);
        }
    }

    /**
     * Starts capabilities that can do nothing optional: every {@code can…} flag false (except deleting for everyone),
     * no idempotent send, only {@code ALL} conversations. Set what the backend can do, and the three limits and the
     * rate, which have no default.
     *
     * <pre>{@code
     * ChatCapabilities caps = ChatCapabilities.builder("max").canAddMembers(true).canRemoveMembers(true)
     *         .maxMessageLength(3967).maxPeersPerCall(1).maxTitleLength(200).requestsPerSecond(30).build();
     * }</pre>
     *
     * @param backend the backend's name, such as {@code max}
     * @return a builder
     */
    public static Builder builder(String backend) {
        return new Builder(backend);
    }

    /** Builds {@link ChatCapabilities}. Not thread-safe. */
    public static final class Builder {
        private final String backend;
        private boolean canCreateChats;
        private boolean canAddMembers;
        private boolean canRemoveMembers;
        private boolean canReadInviteLinks;
        private boolean canResetInviteLinks;
        private boolean hasIdempotentSend;
        private boolean canDeleteForAll = true;
        private boolean canDeleteForSelf;
        private boolean canReadOldestFirst;
        private Set<ConversationsRequest.Filter> conversationFilters = EnumSet.of(ConversationsRequest.Filter.ALL);
        private int maxMessageLength;
        private int maxPeersPerCall;
        private int maxTitleLength;
        private double requestsPerSecond;

        private Builder(String backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
        }

        /**
         * Sets whether {@code createChat} works.
         *
         * @param value whether {@code createChat} works; default false
         * @return this builder
         */
        public Builder canCreateChats(boolean value) {
            this.canCreateChats = value;
            return this;
        }

        /**
         * Sets whether {@code addMember} works.
         *
         * @param value whether {@code addMember} works; default false
         * @return this builder
         */
        public Builder canAddMembers(boolean value) {
            this.canAddMembers = value;
            return this;
        }

        /**
         * Sets whether {@code removeMember} works.
         *
         * @param value whether {@code removeMember} works; default false
         * @return this builder
         */
        public Builder canRemoveMembers(boolean value) {
            this.canRemoveMembers = value;
            return this;
        }

        /**
         * Sets whether {@code inviteLink} works.
         *
         * @param value whether {@code inviteLink} works; default false
         * @return this builder
         */
        public Builder canReadInviteLinks(boolean value) {
            this.canReadInviteLinks = value;
            return this;
        }

        /**
         * Sets whether {@code resetInviteLink} works.
         *
         * @param value whether {@code resetInviteLink} works; default false
         * @return this builder
         */
        public Builder canResetInviteLinks(boolean value) {
            this.canResetInviteLinks = value;
            return this;
        }

        /**
         * Sets whether the backend drops a repeated send with the same idempotency key.
         *
         * @param value whether the backend drops a repeated send with the same idempotency key; default false
         * @return this builder
         */
        public Builder hasIdempotentSend(boolean value) {
            this.hasIdempotentSend = value;
            return this;
        }

        /**
         * Sets whether {@code delete} with {@code forAll(true)} works.
         *
         * @param value whether {@code delete} with {@code forAll(true)} works; default true
         * @return this builder
         */
        public Builder canDeleteForAll(boolean value) {
            this.canDeleteForAll = value;
            return this;
        }

        /**
         * Sets whether {@code delete} with {@code forAll(false)} works.
         *
         * @param value whether {@code delete} with {@code forAll(false)} works; default false
         * @return this builder
         */
        public Builder canDeleteForSelf(boolean value) {
            this.canDeleteForSelf = value;
            return this;
        }

        /**
         * Sets whether {@code history} with {@code oldestFirst(true)} works.
         *
         * @param value whether {@code history} with {@code oldestFirst(true)} works; default false
         * @return this builder
         */
        public Builder canReadOldestFirst(boolean value) {
            this.canReadOldestFirst = value;
            return this;
        }

        /**
         * Sets the filters {@code conversations} accepts.
         *
         * @param filters the filters {@code conversations} accepts; must hold {@code ALL}; default {@code ALL} only
         * @return this builder
         */
        public Builder conversationFilters(Set<ConversationsRequest.Filter> filters) {
            this.conversationFilters = Objects.requireNonNull(filters, "filters");
            return this;
        }

        /**
         * Sets the longest text of one message, in UTF-16 chars.
         *
         * @param value the longest text of one message, in UTF-16 chars; required
         * @return this builder
         */
        public Builder maxMessageLength(int value) {
            this.maxMessageLength = value;
            return this;
        }

        /**
         * Sets how many peers one send call reaches.
         *
         * @param value how many peers one send call reaches; required
         * @return this builder
         */
        public Builder maxPeersPerCall(int value) {
            this.maxPeersPerCall = value;
            return this;
        }

        /**
         * Sets the longest chat title, in code points.
         *
         * @param value the longest chat title, in code points; required
         * @return this builder
         */
        public Builder maxTitleLength(int value) {
            this.maxTitleLength = value;
            return this;
        }

        /**
         * Sets the request rate the backend allows the account.
         *
         * @param value the request rate the backend allows the account; required
         * @return this builder
         */
        public Builder requestsPerSecond(double value) {
            this.requestsPerSecond = value;
            return this;
        }

        /**
         * Builds the capabilities.
         *
         * @return the capabilities
         * @throws IllegalArgumentException if a limit or the rate was not set, or as the record's constructor says
         */
        public ChatCapabilities build() {
            return new ChatCapabilities(backend, canCreateChats, canAddMembers, canRemoveMembers, canReadInviteLinks,
                    canResetInviteLinks, hasIdempotentSend, canDeleteForAll, canDeleteForSelf, canReadOldestFirst,
                    conversationFilters, maxMessageLength, maxPeersPerCall, maxTitleLength, requestsPerSecond);
        }
    }
}
