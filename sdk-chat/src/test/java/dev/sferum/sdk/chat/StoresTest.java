package dev.sferum.sdk.chat;

import dev.sferum.sdk.chat.roster.ChatMapping;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.CreateIntent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The file-backed outbox and mapping store: what a restart reads back, and what a damaged file does. */
class StoresTest {
    @TempDir
    Path dir;

    @Test
    void fileOutbox_whenReopened_holdsTheSameRequestsWithTheirKeysInOrder() {
        Path file = dir.resolve("state/outbox.json");
        MessageOutbox outbox = MessageOutbox.file(file);
        SendRequest a = SendRequest.builder().peers(List.of(PeerId.chat(12), PeerId.user(1001))).text("Собрание в 18:00")
                .attachments("doc-1_2_key").disableMentions(true).dontParseLinks(true).build();
        SendRequest b = SendRequest.builder().peer(PeerId.chat(12)).attachments("photo-1_2").replyTo(MessageRef.of(PeerId.chat(12), 0, 9))
                .idempotencyKey(77).build();
        outbox.add(new OutboxEntry(a, Instant.parse("2025-09-01T08:00:00Z")));
        outbox.add(new OutboxEntry(b, Instant.parse("2025-09-01T08:00:01Z")));
        outbox.remove(12345);

        List<OutboxEntry> reread = MessageOutbox.file(file).pending();

        assertThat(reread).extracting(OutboxEntry::request).containsExactly(a, b);
        assertThat(reread.get(1).enqueuedAt()).isEqualTo(Instant.parse("2025-09-01T08:00:01Z"));
        outbox.remove(a.idempotencyKey());
        assertThat(MessageOutbox.file(file).pending()).extracting(OutboxEntry::key).containsExactly(77L);
    }

    @Test
    void outboxes_whenAnEntryIsRefused_keepTheRefusalOutOfPendingUntilRemoved() {
        for (MessageOutbox outbox : List.of(MessageOutbox.inMemory(), MessageOutbox.file(dir.resolve("refusals.json")))) {
            OutboxEntry refused = new OutboxEntry(SendRequest.builder().peer(PeerId.user(1001)).text("Урок").idempotencyKey(9).build(),
                    Instant.parse("2026-12-07T08:00:00Z"));
            OutboxEntry waiting = new OutboxEntry(SendRequest.builder().peer(PeerId.chat(1)).text("x").idempotencyKey(10).build(),
                    Instant.parse("2026-12-07T08:00:01Z"));
            outbox.add(refused);
            outbox.add(waiting);

            outbox.refuse(new OutboxRefusal(refused, Instant.parse("2026-12-07T08:01:00Z"), dev.sferum.sdk.core.exception.ErrorCategory.PERMISSION,
                    950, "VK API error 950 in messages.send: Can't send message, reply timed out"));

            assertThat(outbox.pending()).as(outbox.toString()).extracting(OutboxEntry::key).containsExactly(10L);
            assertThat(outbox.refused()).singleElement().satisfies(r -> {
                assertThat(r.entry()).isEqualTo(refused);
                assertThat(r.errorCode()).isEqualTo(950);
            });
            outbox.remove(9);
            assertThat(outbox.refused()).isEmpty();
        }
        MessageOutbox file = MessageOutbox.file(dir.resolve("reopened.json"));
        OutboxEntry e = new OutboxEntry(SendRequest.builder().peer(PeerId.user(1001)).text("Урок").idempotencyKey(11).build(), Instant.EPOCH);
        file.add(e);
        file.refuse(new OutboxRefusal(e, Instant.EPOCH.plusSeconds(5), dev.sferum.sdk.core.exception.ErrorCategory.INVALID_INPUT, 0, "bad"));
        MessageOutbox reopened = MessageOutbox.file(dir.resolve("reopened.json"));
        assertThat(reopened.pending()).isEmpty();
        assertThat(reopened.refused()).singleElement().satisfies(r -> {
            assertThat(r.entry()).isEqualTo(e);
            assertThat(r.refusedAt()).isEqualTo(Instant.EPOCH.plusSeconds(5));
            assertThat(r.category()).isEqualTo(dev.sferum.sdk.core.exception.ErrorCategory.INVALID_INPUT);
            assertThat(r.reason()).isEqualTo("bad");
        });
    }

    @Test
    void fileStores_areOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path outbox = dir.resolve("outbox.json");
        Path chats = dir.resolve("chats.json");
        MessageOutbox.file(outbox).add(new OutboxEntry(SendRequest.builder().peer(PeerId.chat(1)).text("x").build(), Instant.EPOCH));
        ChatMappingStore.file(chats).recordChat("7b", PeerId.chat(12));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(outbox))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(chats))).isEqualTo("rw-------");
    }

    @Test
    void fileOutbox_whenTheFileIsNotAnOutbox_refusesToStartRatherThanDropMessages() throws IOException {
        Path file = dir.resolve("outbox.json");
        Files.writeString(file, "{\"version\":1,\"entries\":[{\"key\":-5}]}", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> MessageOutbox.file(file)).isInstanceOf(IllegalStateException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("move it aside");
    }

    @Test
    void fileMappingStore_whenReopened_holdsChatsAndPendingCreations() {
        Path file = dir.resolve("chats.json");
        ChatMappingStore store = ChatMappingStore.file(file);
        CreateIntent intent = new CreateIntent("req-1", "7Б", Instant.parse("2025-09-01T08:00:00Z"));
        store.recordIntent("7b", intent);
        store.recordChat("5a", PeerId.chat(3));
        store.recordIntent("5a", new CreateIntent("req-2", "5А", Instant.parse("2025-09-01T08:00:02Z")));
        store.recordChat("6v", PeerId.chat(4));
        store.remove("6v");

        ChatMappingStore reread = ChatMappingStore.file(file);

        assertThat(reread.all()).containsExactly(new ChatMapping("7b", null, intent),
                new ChatMapping("5a", PeerId.chat(3), new CreateIntent("req-2", "5А", Instant.parse("2025-09-01T08:00:02Z"))));
        reread.recordChat("7b", PeerId.chat(12));
        assertThat(ChatMappingStore.file(file).find("7b")).contains(new ChatMapping("7b", PeerId.chat(12), null));
    }

    @Test
    void fileMappingStore_whenTheFileIsDamaged_saysToRestoreItInsteadOfStartingEmpty() throws IOException {
        Path file = dir.resolve("chats.json");
        Files.writeString(file, "{\"version\":1,\"classes\":[{\"classId\":\"7b\",\"chat\":\"chat:", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ChatMappingStore.file(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("restore it from a backup");
    }

    @Test
    void fileStores_whenAWriteFails_keepTheOldStateInMemoryToo() throws IOException {
        Path file = dir.resolve("chats.json");
        ChatMappingStore store = ChatMappingStore.file(file);
        MessageOutbox outbox = MessageOutbox.file(dir.resolve("outbox.json"));
        store.recordChat("7b", PeerId.chat(12));
        Files.delete(file);
        Files.createDirectories(file.resolve("blocker"));
        Files.createDirectories(dir.resolve("outbox.json").resolve("blocker"));

        assertThatThrownBy(() -> store.recordChat("5a", PeerId.chat(3))).isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(store.find("5a")).isEmpty();
        assertThat(store.find("7b")).isPresent();
        SendRequest r = SendRequest.builder().peer(PeerId.chat(1)).text("x").build();
        assertThatThrownBy(() -> outbox.add(new OutboxEntry(r, Instant.EPOCH))).isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(outbox.pending()).as("a send that could not be recorded is not pending either").isEmpty();
    }
}
