package dev.sferum.sdk.samples.spring;

import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testsupport.CapturedLogs;
import dev.sferum.sdk.testsupport.Secrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample as README starts it ({@code demo}): the roster synced, events received, health and Prometheus served. */
class SchoolServiceTest {
    private static ConfigurableApplicationContext context;
    private static String base;

    @BeforeAll
    static void start() {
        context = SchoolService.application(true).run("demo", "--server.port=0", "--school.demo-chatter=PT1S",
                "--school.sync-initial-delay=PT0S");
        base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        // Checked against every line logged since the start, by the suite's secret check after this class.
        Secrets.register(context.getEnvironment().getProperty("sferum.token"));
        Secrets.register(context.getEnvironment().getProperty("sferum.callback.secret"));
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void demo_syncsTheRosterReceivesEventsAndExposesHealthAndPrometheus() throws Exception {
        RosterJob job = context.getBean(RosterJob.class);
        Inbox inbox = context.getBean(Inbox.class);
        FakeVk fake = context.getBean(DemoSchool.class).fake();
        await("the first roster sync", () -> job.runs() >= 1);
        assertThat(fake.chats()).as("one chat per class").hasSize(3);
        await("a pupil's message through the Callback API", () -> inbox.received() >= 1);

        assertThat(get("/actuator/health")).contains("\"status\":\"UP\"").contains("\"state\":\"accepted\"");
        String prometheus = get("/actuator/prometheus");
        assertThat(prometheus).contains("sferum_client_calls_seconds_count{backend=\"vk\",method=\"messages.createChat\",outcome=\"success\"} 3")
                .contains("sferum_outbox_pending{outbox=\"sferum\"}").contains("sferum_events_queued{stream=\"sferum\"}");
        assertThat(CapturedLogs.lines()).anyMatch(l -> l.contains("roster sync 1: ")).noneMatch(l -> l.contains("Здравствуйте"));
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for " + what).isLessThan(deadline);
            Thread.sleep(50); // bounded polling: the scheduler and the fake's sender run on their own threads
        }
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }
}
