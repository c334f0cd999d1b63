package dev.sferum.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The standalone main prints a usable URL and demo tokens. */
class FakeVkMainTest {

    @Test
    void start_whenSeedDemoOnFreePort_expectedUrlAndWorkingCommunityToken() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        try (FakeVk fake = FakeVkMain.start(new String[] {"--port", "0", "--seed-demo", "--no-rate-limits"}, out)) {
            String printed = bytes.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("Fake VK API listening on " + fake.baseUri());
            Matcher token = Pattern.compile("community \\d+ \"Школа №1\" token: (\\S+)").matcher(printed);
            assertThat(token.find()).as(printed).isTrue();
            Matcher peer = Pattern.compile("peer_id (\\d+)").matcher(printed);
            assertThat(peer.find()).isTrue();

            JsonNode sent = new VkHttp(fake).call(token.group(1), "messages.send", "peer_id", peer.group(1),
                    "message", "Привет", "random_id", "1");

            assertThat(sent.get("response").asLong()).isPositive();
        }
    }

    @Test
    void start_whenUnknownOption_expectedIllegalArgumentNamingIt() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FakeVkMain.start(new String[] {"--prot", "8080"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--prot");
        assertThatThrownBy(() -> FakeVkMain.start(new String[] {"--port", "eighty"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eighty");
    }

    @Test
    void start_whenHelp_expectedUsageAndNoServer() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        FakeVk fake = FakeVkMain.start(new String[] {"--help"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(fake).isNull();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("usage:");
    }

    @Test
    void start_whenStrict_expectedUnknownParameterRefusedAndWithoutItAccepted() {
        for (boolean strict : new boolean[] {true, false}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            String[] args = strict ? new String[] {"--port", "0", "--seed-demo", "--strict"}
                    : new String[] {"--port", "0", "--seed-demo"};
            try (FakeVk fake = FakeVkMain.start(args, out)) {
                String printed = bytes.toString(StandardCharsets.UTF_8);
                Matcher token = Pattern.compile("community \\d+ \"Школа №1\" token: (\\S+)").matcher(printed);
                Matcher peer = Pattern.compile("peer_id (\\d+)").matcher(printed);
                assertThat(token.find() && peer.find()).as(printed).isTrue();
                assertThat(printed).contains(strict ? "strict mode:  on" : "strict mode:  off");

                JsonNode answer = new VkHttp(fake).call(token.group(1), "messages.send", "peer_id", peer.group(1),
                        "message", "Привет", "random_id", "1", "silent", "1");

                assertThat(answer.has("error")).as(answer.toString()).isEqualTo(strict);
                assertThat(fake.strictViolations()).hasSize(strict ? 1 : 0);
            }
        }
    }
}
