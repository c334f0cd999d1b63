package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.chat.OutboxEntry;
import dev.sferum.sdk.chat.OutboxRefusal;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.jdbc.testing.Canary;
import dev.sferum.sdk.jdbc.testing.OutboxNode;
import dev.sferum.sdk.jdbc.testing.Servers;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeMessage;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared outbox: leases, claims that never overlap, and a broadcast that survives a killed node. */
class JdbcMessageOutboxTest {
    private static final Instant AT = Instant.parse("2025-09-01T08:00:00Z");

    private String prefix;

    @BeforeEach
    void prefix() {
        prefix = Servers.freshPrefix();
    }

    private JdbcMessageOutbox node(String id, Duration lease, int batch) {
        return JdbcStores.open(Servers.dataSource(), JdbcConfig.builder().tablePrefix(prefix).nodeId(id).outboxLease(lease)
                .outboxBatch(batch).build()).messageOutbox();
    }

    private static OutboxEntry entry(int i) {
        return new OutboxEntry(SendRequest.builder().peer(PeerId.chat(1)).text("Сообщение " + i).build(), AT.plusSeconds(i));
    }

    @Test
    void refuse_whenTheBackendRefusedAnEntryForGood_takesItOutOfPendingOnEveryNodeAndKeepsTheReason() {
        JdbcMessageOutbox a = node("node-a", Duration.ofMinutes(5), 100);
        JdbcMessageOutbox b = node("node-b", Duration.ofMinutes(5), 100);
        OutboxEntry refused = entry(1);
        OutboxEntry other = entry(2);
        a.add(refused);
        b.enqueue(other);

        a.refuse(new OutboxRefusal(refused, AT.plusSeconds(60), ErrorCategory.PERMISSION, 950,
                "VK API error 950 in messages.send: Can't send message, reply timed out"));

        assertThat(a.pending()).as("A no longer holds it").extracting(OutboxEntry::key).containsExactly(other.key());
        assertThat(b.pending()).as("and no node claims it").isEmpty();
        assertThat(a.size()).as("refused entries are not waiting").isEqualTo(1);
        assertThat(b.refused()).singleElement().satisfies(r -> {
            assertThat(r.entry()).isEqualTo(refused);
            assertThat(r.refusedAt()).isEqualTo(AT.plusSeconds(60));
            assertThat(r.category()).isEqualTo(ErrorCategory.PERMISSION);
            assertThat(r.errorCode()).isEqualTo(950);
            assertThat(r.reason()).contains("reply timed out");
        });
        b.remove(refused.key());
        assertThat(a.refused()).as("remove forgets a refusal").isEmpty();
    }

    @Test
    void pending_whenAnotherNodeIsSendingAnEntry_leavesItUntilItsLeaseRunsOut() throws Exception {
        JdbcMessageOutbox a = node("node-a", Duration.ofMillis(800), 100);
        JdbcMessageOutbox b = node("node-b", Duration.ofMillis(800), 100);
        OutboxEntry sending = entry(1);
        a.add(sending);

        assertThat(b.pending()).as("A holds it").isEmpty();
        assertThat(a.pending()).as("A's own entry, for A's resendPending").extracting(OutboxEntry::key).containsExactly(sending.key());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<OutboxEntry> taken = List.of();
        while (taken.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(100); // bounded polling: the lease runs on the database's clock
            taken = b.pending();
        }
        assertThat(taken).as("A died: its lease ran out and B takes the entry over").containsExactly(sending);
        assertThat(a.pending()).as("now B's").isEmpty();
        b.remove(sending.key());
        assertThat(a.size()).isZero();
    }

    @Test
    void pending_whenFourNodesClaimAtOnce_eachEntryGoesToExactlyOneNode() throws Exception {
        List<JdbcMessageOutbox> nodes = List.of(node("n1", Duration.ofMinutes(5), 30), node("n2", Duration.ofMinutes(5), 30),
                node("n3", Duration.ofMinutes(5), 30), node("n4", Duration.ofMinutes(5), 30));
        for (int i = 0; i < 200; i++) {
            nodes.get(0).enqueue(entry(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Long>>> claims = new ArrayList<>();
        for (JdbcMessageOutbox n : nodes) {
            claims.add(pool.submit(() -> {
                go.await();
                List<Long> mine = new ArrayList<>();
                for (List<OutboxEntry> got = n.pending(); !got.isEmpty(); got = n.pending()) {
                    got.forEach(e -> mine.add(e.key()));
                    got.forEach(e -> n.remove(e.key()));
                }
                return mine;
            }));
        }
        go.countDown();
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : claims) {
            all.addAll(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(all).hasSize(200).doesNotHaveDuplicates();
        assertThat(nodes.get(0).size()).isZero();
    }

    @Test
    void pending_returnsTheRequestAsItWasAddedOldestFirst() {
        JdbcMessageOutbox outbox = node("n1", Duration.ofMinutes(5), 100);
        SendRequest reply = SendRequest.builder().peer(PeerId.chat(7)).text("Ответ\nс переносом")
                .attachments("photo-1_2", "doc3_4_key").replyTo(MessageRef.of(PeerId.chat(7), 0, 42)).disableMentions(true)
                .dontParseLinks(true).build();
        outbox.enqueue(new OutboxEntry(reply, AT.plusSeconds(5)));
        outbox.enqueue(entry(1));

        List<OutboxEntry> pending = outbox.pending();

        assertThat(pending).extracting(OutboxEntry::enqueuedAt).containsExactly(AT.plusSeconds(1), AT.plusSeconds(5));
        assertThat(pending.get(1).request()).isEqualTo(reply);
    }

    @Test
    void resendPending_whenOneOfThreeNodesIsKilledMidBroadcast_theOthersFinishIt_noneLostNoneTwice() throws Exception {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            FakeUser director = fake.createUser("Ирина", "Смирнова");
            FakeCommunity school = fake.createCommunity("Школа №1", director);
            AccessToken token = AccessToken.community(Canary.watch(school.token().value()), school.id());
            String base = fake.baseUri().toString();
            long lease = 3000;
            int batch = 20;
            OutboxNode b = new OutboxNode(base, token, school.id(), OutboxNode.stores(Servers.url(), Servers.user(), Servers.password(), prefix, "node-b", lease, batch));
            OutboxNode c = new OutboxNode(base, token, school.id(), OutboxNode.stores(Servers.url(), Servers.user(), Servers.password(), prefix, "node-c", lease, batch));
            PeerId chat = b.chats().createChat(r -> r.title("7Б")).chat();
            JdbcMessageOutbox outbox = OutboxNode.stores(Servers.url(), Servers.user(), Servers.password(), prefix, "enqueuer", lease, batch).messageOutbox();
            for (int i = 0; i < 1000; i++) {
                outbox.enqueue(new OutboxEntry(SendRequest.builder().peer(chat).text("Сообщение " + i).build(), AT.plusMillis(i)));
            }

            // Node A runs in its own JVM and is killed (SIGKILL) once it has delivered some of the broadcast.
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Process a = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classPath, OutboxNode.class.getName(),
                    base, token.reveal(), Long.toString(school.id()), Servers.url(), Servers.user(), Servers.password(), prefix, "node-a",
                    Long.toString(lease), Integer.toString(batch)).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(a.getInputStream(), StandardCharsets.UTF_8));
                assertThat(out.readLine()).as("node A started").isEqualTo("ready");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (delivered(fake, school, chat).size() < 150 && System.nanoTime() - deadline < 0) {
                    Thread.sleep(10); // bounded polling: node A sends in real time
                }
                a.destroyForcibly();
                assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(leasedTo("node-a")).as("node A died holding entries it had claimed").isPositive();
                CompletableFuture<Integer> bSent = CompletableFuture.supplyAsync(() -> b.drain(() -> false));
                CompletableFuture<Integer> cSent = CompletableFuture.supplyAsync(() -> c.drain(() -> false));

                bSent.get(180, TimeUnit.SECONDS);
                cSent.get(180, TimeUnit.SECONDS);
            } finally {
                a.destroyForcibly();
            }

            Map<String, Long> counts = delivered(fake, school, chat);
            assertThat(counts).as("messages delivered (none lost)").hasSize(1000);
            assertThat(counts.values()).as("times each was delivered (none twice)").allMatch(n -> n == 1L);
            assertThat(outbox.size()).isZero();
            Set<String> texts = new HashSet<>(counts.keySet());
            assertThat(texts).contains("Сообщение 0", "Сообщение 999");
        }
    }

    private int leasedTo(String node) throws java.sql.SQLException {
        try (java.sql.Connection c = Servers.dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + prefix + "outbox WHERE lease_owner = ?")) {
            ps.setString(1, node);
            try (java.sql.ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static Map<String, Long> delivered(FakeVk fake, FakeCommunity school, PeerId chat) {
        long owner = school.ownerId();
        long peer = fake.chatOf(owner, chat.id()).orElseThrow().peerIdFor(owner);
        return fake.messagesIn(owner, peer).stream().filter(m -> !m.isServiceMessage())
                .collect(Collectors.groupingBy(FakeMessage::text, Collectors.counting()));
    }
}
