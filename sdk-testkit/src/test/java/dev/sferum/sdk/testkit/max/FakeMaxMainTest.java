package dev.sferum.sdk.testkit.max;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The standalone MAX main prints a usable URL and a demo bot token; {@code --strict} turns on strict mode. */
class FakeMaxMainTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void start_whenStrict_expectedUnlistedQueryParameterRefusedAndWithoutItAccepted() throws Exception {
        for (boolean strict : new boolean[] {true, false}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            String[] args = strict ? new String[] {"--port", "0", "--seed-demo", "--strict", "--no-rate-limits"}
                    : new String[] {"--port", "0", "--seed-demo"};
            try (FakeMax fake = FakeMaxMain.start(args, out)) {
                String printed = bytes.toString(StandardCharsets.UTF_8);
                assertThat(printed).contains("Fake MAX Bot API listening on " + fake.baseUri());
                Matcher token = Pattern.compile("bot \\d+ \"Школьный бот\" token: (\\S+)").matcher(printed);
                Matcher chat = Pattern.compile("chat_id (-?\\d+)").matcher(printed);
                assertThat(token.find() && chat.find()).as(printed).isTrue();

                HttpResponse<String> sent = http.send(HttpRequest.newBuilder(
                                URI.create(fake.baseUri() + "/messages?chat_id=" + chat.group(1) + "&colour=red"))
                        .header("Authorization", token.group(1)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Привет\",\"attachments\":null,\"link\":null}")).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(sent.statusCode()).as(sent.body()).isEqualTo(strict ? 400 : 200);
                assertThat(fake.strictViolations()).hasSize(strict ? 1 : 0);
            }
        }
    }

    @Test
    void start_whenUnknownOptionOrHelp_expectedIllegalArgumentOrUsage() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FakeMaxMain.start(new String[] {"--stirct"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--stirct");
        assertThat(FakeMaxMain.start(new String[] {"--help"}, out)).isNull();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("usage: FakeMaxMain").contains("--strict");
    }
}
