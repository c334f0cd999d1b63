package dev.sferum.sdk.benchmarks;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness itself, fast: the server answers as VK does (exact header spelling, errors for bad requests), and
 * every contender completes a real call against it — so no benchmark row can come from a client that fails.
 */
class HarnessTest {
    private static VkLikeServer server;

    @BeforeAll
    static void start() throws IOException {
        server = VkLikeServer.start();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static String exchange(String raw) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String post(String path, String form, String extraHeaders) throws IOException {
        return exchange("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extraHeaders
                + "Content-Length: " + form.length() + "\r\n\r\n" + form);
    }

    @Test
    void server_whenSendIsComplete_answersWithVksExactContentTypeSpellingInOneResponse() throws IOException {
        String answer = post("/method/messages.send", "peer_id=2000000001&random_id=5&v=5.199", "Authorization: Bearer vk1.a.x\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("\r\nContent-Type: application/json; charset=utf-8\r\n")
                .containsPattern("\r\n\r\n\\{\"response\":\\d+}$");
    }

    @Test
    void server_whenTokenOrRandomIdMissing_answersVkErrors() throws IOException {
        assertThat(post("/method/messages.send", "peer_id=1&random_id=5&v=5.199", "")).contains("\"error_code\":5");
        assertThat(post("/method/messages.send", "peer_id=1&access_token=t&v=5.199", "")).contains("\"error_code\":100");
        assertThat(post("/method/messages.send", "peer_id=1&random_id=5&access_token=t", "")).contains("\"error_code\":8");
        assertThat(post("/method/users.get", "access_token=t&v=5.199", "")).contains("\"error_code\":3");
    }

    @Test
    void server_whenAskedForStats_reportsRequestsErrorsAndCpu() throws IOException {
        long before = server.requests();
        post("/method/messages.send", "peer_id=1&random_id=5&access_token=t&v=5.199", "");

        JsonNode stats = LoadCell.serverStats(server.port());

        assertThat(stats.path("requests").asLong()).isGreaterThan(before);
        assertThat(stats.path("cpu_ns").asLong()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Contenders.Kind.class)
    void contender_whenCalled_sendsOneMessageTheServerAccepts(Contenders.Kind kind) throws Exception {
        Contenders.Counters counters = new Contenders.Counters();
        long errorsBefore = server.errors();
        if (kind.async()) {
            try (Contenders.Async c = Contenders.async(kind, server.baseUrl(), counters)) {
                c.send(41).get();
                c.send(42).get();
            }
        } else {
            try (Contenders.Blocking c = Contenders.blocking(kind, server.baseUrl(), counters)) {
                c.send(41);
                c.send(42);
            }
        }
        assertThat(server.errors()).isEqualTo(errorsBefore);
        assertThat(counters.failures).isEmpty();
    }

    @Test
    void report_whenPreviousReportHasJmhTable_readsEachBenchmarksTimeAndBytesFromIt() {
        String previous = "## Load\n\n| `not.Jmh` | 1 | 2 | 3 |\n\n## JMH (`-prof gc`)\n\n| benchmark | µs/op | ± (99.9%) | bytes allocated/op |\n"
                + "|---|---:|---:|---:|\n| `SdkWorkBenchmark.sendSync` | 7.89 | 3.72 | 2,288 |\n| `DecodeBenchmark.sendAsLong` | 0.22 | 0.07 | 792 |\n"
                + "\n## Roster\n\n| `Other.row` | 9 | 9 | 9 |\n";

        var rows = Report.previousJmh(previous);

        assertThat(rows).containsOnlyKeys("SdkWorkBenchmark.sendSync", "DecodeBenchmark.sendAsLong");
        assertThat(rows.get("SdkWorkBenchmark.sendSync")).containsExactly("7.89", "2,288");
        assertThat(Report.previousJmh("# no JMH here")).isEmpty();
    }

    @Test
    void report_whenASkippedSectionWasCarriedBefore_marksItOnce() {
        String once = All.carried("## Roster\n\nrows\n\n## Next\n", "## Roster");
        String twice = All.carried(once + "## Next\n", "## Roster");

        assertThat(twice).isEqualTo(once);
        assertThat(twice.split("Carried over", -1)).hasSize(2);
    }
}
