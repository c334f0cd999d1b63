package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.FakeDelivery;
import dev.sferum.sdk.testkit.RecordedRequest.Outcome;
import dev.sferum.sdk.testkit.TokenKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Community events: Bots Long Poll queues and Callback API delivery, plus the {@code groups.*} methods that set
 * them up. State is guarded by the World lock; deliveries run on the HTTP client's threads and the gateway's
 * timer and take the lock only to record their outcome.
 */
public final class EventHub implements EventSink {

    /** Every event type {@code groups.setCallbackSettings} / {@code setLongPollSettings} know (schema 5.199). */
    static final List<String> EVENT_TYPES = List.of("audio_new", "board_post_delete", "board_post_edit",
            "board_post_new", "board_post_restore", "group_change_photo", "group_change_settings", "group_join",
            "group_leave", "group_officers_edit", "lead_forms_new", "like_add", "like_remove",
            "market_comment_delete", "market_comment_edit", "market_comment_new", "market_comment_restore",
            "market_order_new", "market_order_edit", "message_allow", "message_deny", "message_event",
            "message_new", "message_read", "message_reply", "message_typing_state", "message_edit",
            "message_reaction_event", "photo_comment_delete", "photo_comment_edit", "photo_comment_new",
            "photo_comment_restore", "photo_new", "poll_vote_new", "user_block", "user_unblock",
            "video_comment_delete", "video_comment_edit", "video_comment_new", "video_comment_restore", "video_new",
            "wall_post_new", "wall_reply_delete", "wall_reply_edit", "wall_reply_new", "wall_reply_restore",
            "wall_repost", "wall_schedule_post_new", "wall_schedule_post_delete", "donut_subscription_create",
            "donut_subscription_prolonged", "donut_subscription_cancelled", "donut_subscription_expired",
            "donut_subscription_price_changed", "donut_money_withdraw", "donut_money_withdraw_error");

    /** The message events the fake's own setup switches on (callback servers added by a test, long poll). */
    static final Set<String> MESSAGE_TYPES = Set.of("message_new", "message_reply", "message_edit",
            "message_allow", "message_deny", "message_event", "message_typing_state", "message_read",
            "message_reaction_event");

    /** VK's limit of callback servers per community (error 2000 beyond). */
    static final int MAX_SERVERS = 10;
    /** Longest long poll wait VK accepts, in seconds. */
    static final int MAX_WAIT = 90;
    /** Wait when the client sends none, in seconds (the value VK recommends). */
    static final int DEFAULT_WAIT = 25;

    private final World world;
    private final Settings settings;
    private final ScheduledExecutorService timer;
    private final Supplier<URI> baseUri;
    private HttpClient http;
    private final Map<Long, Group> groups = new HashMap<>();
    private final List<FakeDelivery> deliveries = new ArrayList<>();
    private final Object idle = new Object();
    private int pending;
    private int duplicateNext;
    private int nextServerId = 1;

    EventHub(World world, ScheduledExecutorService timer, Supplier<URI> baseUri) {
        this.world = world;
        this.settings = world.settings;
        this.timer = timer;
        this.baseUri = baseUri;
    }

    /** The client for callback requests, created with the first callback server (it starts a thread). */
    private HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(settings.callbackTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    /** Long poll and callback state of one community. */
    private final class Group {
        final long groupId;
        String confirmationCode = world.ids.hex(8);
        boolean longPollEnabled = true;
        String longPollVersion = settings.apiVersion();
        final Set<String> longPollTypes = new LinkedHashSet<>(MESSAGE_TYPES);
        String key = world.ids.hex(40);
        long lastTs;
        final ArrayDeque<Retained> retained = new ArrayDeque<>();
        final List<Waiter> waiters = new ArrayList<>();
        final ArrayDeque<Integer> failNextPolls = new ArrayDeque<>();
        final List<Server> servers = new ArrayList<>();

        Group(long groupId) {
            this.groupId = groupId;
        }
    }

    private record Retained(long ts, ObjectNode event) {
    }

    private static final class Waiter {
        final long ts;
        final CompletableFuture<Reply> answer = new CompletableFuture<>();
        ScheduledFuture<?> timeout;

        Waiter(long ts) {
            this.ts = ts;
        }
    }

    /** A callback server and its delivery queue (one request in flight at a time, in order). */
    private static final class Server {
        final int id;
        final Group group;
        final long creatorId;
        String url;
        String title;
        String secret;
        String apiVersion;
        final Set<String> types = new LinkedHashSet<>();
        String status = "unconfigured";
        final ArrayDeque<Delivery> queue = new ArrayDeque<>();
        boolean busy;
        boolean deleted;

        Server(int id, Group group, long creatorId) {
            this.id = id;
            this.group = group;
            this.creatorId = creatorId;
        }
    }

    private static final class Delivery {
        final String type;
        final String eventId;
        final byte[] body;
        int attempts;

        Delivery(String type, String eventId, byte[] body) {
            this.type = type;
            this.eventId = eventId;
            this.body = body;
        }

        boolean confirmation() {
            return type.equals("confirmation");
        }
    }

    private Group group(long groupId) {
        return groups.computeIfAbsent(groupId, Group::new);
    }

    // ---------------------------------------------------------------- publishing

    @Override
    public void publish(long groupId, String type, ObjectNode object) {
        Group g = group(groupId);
        int copies = 1;
        if (duplicateNext > 0) {
            duplicateNext--;
            copies = 2;
        }
        String eventId = world.ids.hex(40);
        for (int copy = 0; copy < copies; copy++) {
            if (g.longPollEnabled && g.longPollTypes.contains(type)) {
                long ts = ++g.lastTs;
                g.retained.addLast(new Retained(ts, envelope(g, type, eventId, object, g.longPollVersion, null)));
                while (g.retained.size() > settings.longPollHistory()) {
                    g.retained.pollFirst();
                }
            }
            for (Server server : g.servers) {
                if (server.types.contains(type) && !server.status.equals("failed")) {
                    byte[] body = Json.bytes(envelope(g, type, eventId, object, server.apiVersion, server.secret));
                    enqueue(server, new Delivery(type, eventId, body));
                }
            }
        }
        wakeWaiters(g);
    }

    private static ObjectNode envelope(Group g, String type, String eventId, ObjectNode object, String version,
            String secret) {
        ObjectNode event = Json.object();
        event.put("group_id", g.groupId);
        event.put("type", type);
        event.put("event_id", eventId);
        event.put("v", version);
        event.set("object", object.deepCopy());
        if (secret != null && !secret.isEmpty()) {
            event.put("secret", secret);
        }
        return event;
    }

    /** Publishes a test's own event. Takes the lock. */
    public void publishCustom(long groupId, String type, String objectJson) {
        JsonNode object = Json.parseOrNull(objectJson);
        if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("the event object must be a JSON object: " + objectJson);
        }
        world.locked(() -> world.publishRaw(groupId, type, (ObjectNode) object));
    }

    /** Emits each of the next {@code count} events twice with the same event_id. Takes the lock. */
    public void duplicateNext(int count) {
        world.locked(() -> {
            duplicateNext += count;
        });
    }

    // ---------------------------------------------------------------- long poll

    /** Makes the next poll of a community answer {@code {"failed": n}}. Takes the lock. */
    public void failNextPoll(long groupId, int failed) {
        world.locked(() -> {
            world.requireCommunity(groupId);
            group(groupId).failNextPolls.addLast(failed);
        });
    }

    /** How many long poll requests of a community are waiting for events. Takes the lock. */
    public int waitingPolls(long groupId) {
        return world.locked(() -> {
            world.requireCommunity(groupId);
            return group(groupId).waiters.size();
        });
    }

    /** {@code GET /whp/<group_id>?act=a_check&key=&ts=&wait=}. */
    CompletableFuture<Reply> poll(HttpCall call, String path) {
        Params p = new Params(call.params());
        long groupId;
        try {
            groupId = Long.parseLong(path.substring("/whp/".length()));
        } catch (NumberFormatException e) {
            return CompletableFuture.completedFuture(Reply.htmlError(404, "Not Found",
                    Outcome.HTTP_ERROR, "no long poll server at " + path));
        }
        if (!"a_check".equals(p.raw("act"))) {
            return CompletableFuture.completedFuture(Reply.text(400, "text/plain; charset=utf-8",
                    "act must be a_check", Outcome.HTTP_ERROR,
                    "act must be a_check"));
        }
        int wait;
        try {
            wait = (int) Math.min(MAX_WAIT, Math.max(0, Long.parseLong(p.string("wait", "" + DEFAULT_WAIT))));
        } catch (NumberFormatException e) {
            wait = DEFAULT_WAIT;
        }
        int waitSeconds = wait;
        return world.locked(() -> pollLocked(groupId, p, waitSeconds));
    }

    private CompletableFuture<Reply> pollLocked(long groupId, Params p, int wait) {
        if (!world.communities.containsKey(groupId)) {
            return CompletableFuture.completedFuture(failed(2, null));
        }
        Group g = group(groupId);
        Integer injected = g.failNextPolls.pollFirst();
        if (injected != null) {
            if (injected == 2 || injected == 3) {
                g.key = world.ids.hex(40);
            }
            if (injected == 3) {
                g.retained.clear();
            }
            return CompletableFuture.completedFuture(failed(injected, injected == 1 ? g.lastTs : null));
        }
        if (!g.key.equals(p.raw("key"))) {
            return CompletableFuture.completedFuture(failed(2, null));
        }
        long ts;
        try {
            ts = Long.parseLong(p.string("ts", ""));
        } catch (NumberFormatException e) {
            return CompletableFuture.completedFuture(failed(1, g.lastTs));
        }
        long oldest = g.retained.isEmpty() ? g.lastTs + 1 : g.retained.peekFirst().ts();
        if (ts > g.lastTs || ts < oldest - 1) {
            return CompletableFuture.completedFuture(failed(1, g.lastTs));
        }
        if (ts < g.lastTs || wait == 0) {
            return CompletableFuture.completedFuture(updates(g, ts));
        }
        Waiter waiter = new Waiter(ts);
        g.waiters.add(waiter);
        waiter.timeout = timer.schedule(() -> world.locked(() -> {
            if (g.waiters.remove(waiter)) {
                waiter.answer.complete(updates(g, waiter.ts));
            }
        }), wait, TimeUnit.SECONDS);
        return waiter.answer;
    }

    private void wakeWaiters(Group g) {
        for (Iterator<Waiter> it = g.waiters.iterator(); it.hasNext();) {
            Waiter waiter = it.next();
            if (g.lastTs > waiter.ts) {
                it.remove();
                waiter.timeout.cancel(false);
                waiter.answer.complete(updates(g, waiter.ts));
            }
        }
    }

    private static Reply updates(Group g, long ts) {
        ObjectNode body = Json.object();
        body.put("ts", String.valueOf(g.lastTs));
        ArrayNode updates = body.putArray("updates");
        for (Retained r : g.retained) {
            if (r.ts() > ts) {
                updates.add(r.event());
            }
        }
        return Reply.ok(body);
    }

    private static Reply failed(int code, Long ts) {
        ObjectNode body = Json.object();
        body.put("failed", code);
        if (ts != null) {
            body.put("ts", String.valueOf(ts));
        }
        return Reply.ok(body);
    }

    // ---------------------------------------------------------------- callback delivery

    /** Adds a callback server as a test would in the community's settings; message events on. Takes the lock. */
    public int addServer(long groupId, URI url, String secret) {
        return world.locked(() -> {
            CommunityRecord community = world.requireCommunity(groupId);
            long creator = community.admins.isEmpty() ? 0 : community.admins.iterator().next();
            Server server = newServer(group(groupId), creator, url.toString(), "fake", secret);
            server.types.addAll(MESSAGE_TYPES);
            return server.id;
        });
    }

    private Server newServer(Group g, long creatorId, String url, String title, String secret) {
        if (g.servers.size() >= MAX_SERVERS) {
            throw new ApiException(2000, "community " + g.groupId + " already has " + MAX_SERVERS + " servers");
        }
        Server server = new Server(nextServerId++, g, creatorId);
        server.url = url;
        server.title = title;
        server.secret = secret == null ? "" : secret;
        server.apiVersion = settings.apiVersion();
        g.servers.add(server);
        g.confirmationCode = world.ids.hex(8);
        confirm(server);
        return server;
    }

    private void confirm(Server server) {
        ObjectNode body = Json.object();
        body.put("type", "confirmation");
        body.put("group_id", server.group.groupId);
        server.status = "wait";
        Delivery confirmation = new Delivery("confirmation", "", Json.bytes(body));
        if (server.busy) {
            // keep the request in flight at the head; the confirmation goes right after it
            Delivery inFlight = server.queue.pollFirst();
            server.queue.addFirst(confirmation);
            server.queue.addFirst(inFlight);
        } else {
            server.queue.addFirst(confirmation);
        }
        changePending(1);
        if (!server.busy) {
            startNext(server);
        }
    }

    /** The community's current confirmation code. Takes the lock. */
    public String confirmationCode(long groupId) {
        return world.locked(() -> {
            world.requireCommunity(groupId);
            return group(groupId).confirmationCode;
        });
    }

    private void enqueue(Server server, Delivery delivery) {
        server.queue.addLast(delivery);
        changePending(1);
        if (!server.busy) {
            startNext(server);
        }
    }

    private void startNext(Server server) {
        Delivery next = server.queue.peekFirst();
        server.busy = next != null;
        if (next != null) {
            attempt(server, next);
        }
    }

    private void attempt(Server server, Delivery delivery) {
        int retry = delivery.attempts++;
        CompletableFuture<HttpResponse<String>> sent;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url))
                    .timeout(settings.callbackTimeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body));
            if (retry > 0) {
                request.header("X-Retry-Counter", String.valueOf(retry));
            }
            sent = http().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (RuntimeException badUrl) {
            sent = CompletableFuture.failedFuture(badUrl);
        }
        sent.whenComplete((response, error) -> world.locked(() -> onResult(server, delivery, retry, response,
                error)));
    }

    private void onResult(Server server, Delivery delivery, int retry, HttpResponse<String> response,
            Throwable error) {
        if (server.deleted) {
            return;
        }
        String body = response == null ? "" : response.body().trim();
        boolean acknowledged = response != null && response.statusCode() == 200
                && body.equals(delivery.confirmation() ? server.group.confirmationCode : "ok");
        String shown = response != null ? body : String.valueOf(error.getCause() == null ? error : error.getCause());
        deliveries.add(new FakeDelivery(server.id, delivery.type, delivery.eventId, retry,
                response == null ? 0 : response.statusCode(), shown.length() > 200 ? shown.substring(0, 200) : shown,
                acknowledged, world.clock.instant()));
        if (!acknowledged && delivery.attempts < settings.callbackMaxAttempts()) {
            try {
                timer.schedule(() -> world.locked(() -> {
                    if (!server.deleted) {
                        attempt(server, delivery);
                    }
                }), settings.callbackRetryDelay().toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException fakeClosed) {
                // the fake was closed: nothing more is delivered
            }
            return;
        }
        server.queue.remove(delivery);
        changePending(-1);
        if (delivery.confirmation()) {
            server.status = acknowledged ? "ok" : "failed";
            if (!acknowledged) {
                changePending(-server.queue.size());
                server.queue.clear();
            }
        }
        startNext(server);
    }

    private void changePending(int delta) {
        synchronized (idle) {
            pending += delta;
            if (pending == 0) {
                idle.notifyAll();
            }
        }
    }

    /** Waits until no callback delivery is queued or in flight; false when the timeout passed first. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }

    /** Every delivery attempt so far. Takes the lock. */
    public List<FakeDelivery> deliveries() {
        return world.locked(() -> List.copyOf(deliveries));
    }

    // ---------------------------------------------------------------- groups.* methods

    List<ApiMethods.Method> methods() {
        return List.of(
                ApiMethods.method("groups.getLongPollServer", this::getLongPollServer),
                ApiMethods.method("groups.getLongPollSettings", this::getLongPollSettings),
                ApiMethods.method("groups.setLongPollSettings", this::setLongPollSettings),
                ApiMethods.method("groups.getCallbackConfirmationCode", this::getConfirmationCode),
                ApiMethods.method("groups.addCallbackServer", this::addCallbackServer),
                ApiMethods.method("groups.editCallbackServer", this::editCallbackServer),
                ApiMethods.method("groups.deleteCallbackServer", this::deleteCallbackServer),
                ApiMethods.method("groups.getCallbackServers", this::getCallbackServers),
                ApiMethods.method("groups.getCallbackSettings", this::getCallbackSettings),
                ApiMethods.method("groups.setCallbackSettings", this::setCallbackSettings));
    }

    /** The community named by group_id, if the caller is that community or one of its admins (else 15). */
    private Group managed(Caller c, Params p) {
        long groupId = p.requireLong("group_id");
        if (groupId <= 0) {
            throw ApiException.invalid("group_id", "should be positive, got " + groupId);
        }
        world.actingFor(c, groupId);
        return group(groupId);
    }

    private JsonNode getLongPollServer(Caller c, Params p) {
        Group g = managed(c, p);
        if (!g.longPollEnabled) {
            throw ApiException.invalid("group_id", "has Bots Long Poll switched off (groups.setLongPollSettings "
                    + "enabled=1)");
        }
        ObjectNode result = Json.object();
        result.put("key", g.key);
        result.put("server", baseUri.get().resolve("whp/" + g.groupId).toString());
        result.put("ts", String.valueOf(g.lastTs));
        return result;
    }

    private JsonNode getLongPollSettings(Caller c, Params p) {
        Group g = managed(c, p);
        ObjectNode result = Json.object();
        result.put("is_enabled", g.longPollEnabled);
        result.put("api_version", g.longPollVersion);
        result.set("events", flags(g.longPollTypes));
        return result;
    }

    private JsonNode setLongPollSettings(Caller c, Params p) {
        Group g = managed(c, p);
        if (p.has("enabled")) {
            g.longPollEnabled = p.bool("enabled");
        }
        if (p.has("api_version")) {
            g.longPollVersion = p.requireString("api_version");
        }
        applyFlags(p, g.longPollTypes);
        return IntNode.valueOf(1);
    }

    private JsonNode getConfirmationCode(Caller c, Params p) {
        ObjectNode result = Json.object();
        result.put("code", managed(c, p).confirmationCode);
        return result;
    }

    private JsonNode addCallbackServer(Caller c, Params p) {
        Group g = managed(c, p);
        String url = checkUrl(p.requireString("url"));
        String title = checkTitle(p.requireString("title"));
        Server server = newServer(g, Math.max(0, c.actorId()), url, title, checkSecret(p.raw("secret_key")));
        ObjectNode result = Json.object();
        result.put("server_id", server.id);
        return result;
    }

    private JsonNode editCallbackServer(Caller c, Params p) {
        Group g = managed(c, p);
        Server server = server(g, p);
        server.url = checkUrl(p.requireString("url"));
        server.title = checkTitle(p.requireString("title"));
        if (p.has("secret_key")) {
            server.secret = checkSecret(p.raw("secret_key"));
        }
        g.confirmationCode = world.ids.hex(8);
        confirm(server);
        return IntNode.valueOf(1);
    }

    private JsonNode deleteCallbackServer(Caller c, Params p) {
        Group g = managed(c, p);
        Server server = server(g, p);
        server.deleted = true;
        g.servers.remove(server);
        changePending(-server.queue.size());
        server.queue.clear();
        return IntNode.valueOf(1);
    }

    private JsonNode getCallbackServers(Caller c, Params p) {
        Group g = managed(c, p);
        List<Long> ids = p.longList("server_ids");
        ObjectNode result = Json.object();
        ArrayNode items = Json.array();
        for (Server s : g.servers) {
            if (ids.isEmpty() || ids.contains((long) s.id)) {
                ObjectNode item = items.addObject();
                item.put("id", s.id);
                item.put("title", s.title);
                item.put("creator_id", s.creatorId);
                item.put("url", s.url);
                item.put("secret_key", s.secret);
                item.put("status", s.status);
            }
        }
        result.put("count", items.size());
        result.set("items", items);
        return result;
    }

    private JsonNode getCallbackSettings(Caller c, Params p) {
        Server server = server(managed(c, p), p);
        ObjectNode result = Json.object();
        result.put("api_version", server.apiVersion);
        result.set("events", flags(server.types));
        return result;
    }

    private JsonNode setCallbackSettings(Caller c, Params p) {
        Server server = server(managed(c, p), p);
        if (p.has("api_version")) {
            server.apiVersion = p.requireString("api_version");
        }
        applyFlags(p, server.types);
        return IntNode.valueOf(1);
    }

    private static Server server(Group g, Params p) {
        long id = p.requireLong("server_id");
        for (Server s : g.servers) {
            if (s.id == id) {
                return s;
            }
        }
        // groups.editCallbackServer / deleteCallbackServer / getCallbackSettings list 104 (not found) for it
        throw new ApiException(104, "no callback server " + id + " in community " + g.groupId);
    }

    private static void applyFlags(Params p, Set<String> types) {
        for (String type : EVENT_TYPES) {
            if (p.has(type)) {
                if (p.bool(type)) {
                    types.add(type);
                } else {
                    types.remove(type);
                }
            }
        }
    }

    private static ObjectNode flags(Set<String> enabled) {
        ObjectNode events = Json.object();
        EVENT_TYPES.forEach(type -> events.put(type, enabled.contains(type) ? 1 : 0));
        return events;
    }

    private static String checkUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("url", "is not a URL: " + url);
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw ApiException.invalid("url", "must be an http(s) URL: " + url);
        }
        return url;
    }

    private static String checkTitle(String title) {
        if (title.length() > 14) {
            throw ApiException.invalid("title", "is longer than 14 characters: " + title);
        }
        return title;
    }

    private static String checkSecret(String secret) {
        if (secret != null && secret.length() > 50) {
            throw ApiException.invalid("secret_key", "is longer than 50 characters");
        }
        return secret;
    }
}
