package dev.sferum.sdk.testkit;

import dev.sferum.sdk.testkit.internal.ApiException;
import dev.sferum.sdk.testkit.internal.EventHub;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Community events of a {@link FakeVk}: Callback API delivery to your HTTP endpoint and the Bots Long Poll
 * server.
 *
 * <p>State changes produce events the way VK does: a text in a chat the community is in, or a user writing to
 * the community, is {@code message_new}; the community's own messages in dialogs are {@code message_reply};
 * edits are {@code message_edit}; chat actions (create, invite, kick, title, pin, unpin, join by link) arrive
 * as {@code message_new} with {@code message.action}, including the community's own actions. Each event goes to
 * the community's long poll queue and to each of its callback servers that has the type switched on.
 *
 * <p>Callback API: adding a server sends {@code {"type":"confirmation","group_id":...}} first; the server must
 * answer 200 with the community's confirmation code (see {@link #confirmationCode(FakeCommunity)} or
 * {@code groups.getCallbackConfirmationCode}). Events follow in order, one at a time per server, as JSON with
 * {@code group_id}, {@code type}, {@code event_id}, {@code v}, {@code object} and {@code secret} when set. An
 * answer other than 200 with body {@code ok} is retried with header {@code X-Retry-Counter: n}, up to the
 * builder's {@code callbackMaxAttempts} (default 5), {@code callbackRetryDelay} apart (default 100 ms). A
 * server that never confirms gets status {@code failed} and no events.
 *
 * <pre>{@code
 * int serverId = fake.events().addCallbackServer(school, URI.create("http://127.0.0.1:8081/vk"), "s3cr3t");
 * fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "Здравствуйте!");
 * assertThat(fake.events().awaitDeliveries(Duration.ofSeconds(10))).isTrue();
 * }</pre>
 *
 * <p>Bots Long Poll: {@code groups.getLongPollServer} returns {@code server} = {@code baseUri + "whp/<group_id>"},
 * a {@code key} and {@code ts}; {@code GET server?act=a_check&key=&ts=&wait=} answers at once when events
 * newer than {@code ts} exist, otherwise when one arrives or {@code wait} seconds pass (default 25, max 90),
 * and answers {@code failed} 1, 2 or 3 on demand ({@link #failNextPoll(FakeCommunity, int)}), for a wrong key
 * (2), or for a {@code ts} outside the retained history (1).
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class FakeEvents {

    private final EventHub hub;

    FakeEvents(EventHub hub) {
        this.hub = hub;
    }

    /**
     * Adds a callback server for a community, as an admin would in the community's settings, with the message
     * event types switched on and API version 5.199. The confirmation request goes out at once.
     *
     * @param community the community
     * @param url       the receiver, e.g. {@code http://127.0.0.1:8081/vk}
     * @param secret    the secret key put in every event, or null/empty for none
     * @return the {@code server_id}
     * @throws IllegalStateException beyond VK's 10 servers per community
     */
    public int addCallbackServer(FakeCommunity community, URI url, String secret) {
        Objects.requireNonNull(url, "url");
        if (url.getScheme() == null || !url.getScheme().matches("https?")) {
            throw new IllegalArgumentException("callback URL must be http(s): " + url);
        }
        try {
            return hub.addServer(community.id(), url, secret);
        } catch (ApiException e) {
            throw new IllegalStateException("VK would refuse another server: " + e.getMessage(), e);
        }
    }

    /**
     * The community's current confirmation code; it changes whenever a callback server is added or edited.
     *
     * @param community the community
     * @return the code the receiver must answer the confirmation request with
     */
    public String confirmationCode(FakeCommunity community) {
        return hub.confirmationCode(community.id());
    }

    /**
     * Every callback delivery attempt so far, in completion order.
     *
     * @return an immutable list
     */
    public List<FakeDelivery> deliveries() {
        return hub.deliveries();
    }

    /**
     * Waits (real time) until no callback request is queued, in flight or waiting for a retry.
     *
     * @param timeout how long to wait at most
     * @return true when idle, false when the timeout passed first or the thread was interrupted
     */
    public boolean awaitDeliveries(Duration timeout) {
        try {
            return hub.awaitIdle(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Publishes an event the fake does not produce by itself (e.g. {@code message_event} for a callback button,
     * {@code message_allow}, {@code group_join}) to the community's long poll and callback servers.
     *
     * @param community  the community
     * @param type       the event type
     * @param objectJson the event's {@code object} as JSON text
     */
    public void publish(FakeCommunity community, String type, String objectJson) {
        hub.publishCustom(community.id(), Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(objectJson, "objectJson"));
    }

    /**
     * Emits each of the next {@code count} events twice, with the same {@code event_id} (VK's schema says to
     * ignore a repeated one), to long poll and callback alike.
     *
     * @param count at least 1
     */
    public void duplicateNextEvents(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        hub.duplicateNext(count);
    }

    /**
     * How many long poll requests of a community are open and waiting for events right now: lets a test wait
     * until the client under test is listening before it acts.
     *
     * @param community the community
     * @return the number of waiting requests
     */
    public int waitingPolls(FakeCommunity community) {
        return hub.waitingPolls(community.id());
    }

    /**
     * Makes the community's next long poll request answer {@code {"failed": n}}: 1 (history lost, with the
     * current {@code ts}: continue from it), 2 (key expired: the key changes, get a new one) or 3 (information
     * lost: key changes and retained events are dropped). Several calls queue up.
     *
     * @param community the community
     * @param failed    1, 2 or 3
     */
    public void failNextPoll(FakeCommunity community, int failed) {
        if (failed < 1 || failed > 3) {
            throw new IllegalArgumentException("long poll failed codes are 1, 2 or 3: " + failed);
        }
        hub.failNextPoll(community.id(), failed);
    }
}
