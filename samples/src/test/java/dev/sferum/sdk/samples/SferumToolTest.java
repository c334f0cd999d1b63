package dev.sferum.sdk.samples;

import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeMessage;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testkit.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every subcommand against the testkit's fake VK, as a user runs it: arguments in, text and exit code out. */
class SferumToolTest {
    @TempDir
    Path dir;

    private FakeVk fake;
    private FakeCommunity school;
    private FakeUser teacher;
    private Path roster;

    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeEach
    void start() throws Exception {
        fake = FakeVk.start();
        List<FakeUser> people = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            people.add(fake.createUser("Участник", "№" + i));
        }
        teacher = people.get(0);
        school = fake.createCommunity("Школа", teacher);
        StringBuilder csv = new StringBuilder(RosterCsv.HEADER + "\n");
        for (int c = 0; c < 8; c++) {
            csv.append("c").append(c).append(",Класс ").append(c).append(',').append(people.get(c).id()).append(",teacher\n");
            for (int p = 0; p < 3; p++) {
                csv.append("c").append(c).append(",Класс ").append(c).append(',').append(people.get(8 + c * 3 + p).id()).append(",pupil\n");
            }
        }
        roster = dir.resolve("roster.csv");
        Files.writeString(roster, csv.toString());
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SferumTool.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String[] withApi(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--api-url", fake.baseUri().toString(), "--group-id", Long.toString(school.id()), "--state", dir.resolve("state").toString()));
        return all.toArray(String[]::new);
    }

    private Map<String, String> env() {
        return Map.of("SFERUM_TOKEN", school.token().value());
    }

    private long messagesWith(String text) {
        return fake.chats().stream().mapToLong(c -> fake.messagesIn(c).stream().filter(m -> m.text().equals(text)).count()).sum();
    }

    @Test
    void demo_whenRunWithNoArguments_doesTheWholeMissionAndExitsZero() {
        Run r = run(Map.of(), "--state", dir.resolve("demo").toString());

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("create chat").contains("welcome messages the fake holds: 3").contains("join link posted")
                .contains("finished it: FINISHED");
    }

    @Test
    void demo_whenBackendIsMax_linksChatsAndSendsOnceOnTheMaxFake() {
        Run r = run(Map.of(), "demo", "--backend", "max", "--state", dir.resolve("demo-max").toString());

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("link existing chat").contains("add members").contains("planned again: nothing to change")
                .contains("welcome messages the fake holds: 3").contains("has no calls");
    }

    @Test
    void backend_whenMaxCannotDoIt_orUnknown_saysSoInOneLine() {
        Run lesson = run(Map.of("SFERUM_TOKEN", "max-bot-token-0123456789abcdef"), "lesson", "--backend", "max",
                "--class", "c1", "--api-url", "http://127.0.0.1:9", "--state", dir.resolve("m").toString());
        assertThat(lesson.exit()).isEqualTo(1);
        assertThat(lesson.err().strip()).isEqualTo("error: the max backend has no calls; video lessons need --backend vk");

        Run unknown = run(env(), withApi("sync", "--roster", roster.toString(), "--backend", "telegram"));
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("--backend must be vk or max");
    }

    @Test
    void sync_whenDryRunThenApplyThenRerun_plansAppliesAndThenHasNothingToDo() {
        Run dry = run(env(), withApi("sync", "--roster", roster.toString(), "--dry-run"));
        assertThat(dry.exit()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("8 steps");
        assertThat(fake.chats()).isEmpty();

        Run apply = run(env(), withApi("sync", "--roster", roster.toString()));
        assertThat(apply.exit()).as(apply.all()).isZero();
        assertThat(fake.chats()).hasSize(8).allSatisfy(c -> assertThat(c.memberIds()).hasSize(5));

        Run again = run(env(), withApi("sync", "--roster", roster.toString(), "--json"));
        assertThat(again.exit()).isZero();
        assertThat(again.out().lines()).as("the plan, then the summary").hasSize(2)
                .satisfies(l -> assertThat(l.get(0)).startsWith("{\"event\":\"plan\",\"steps\":0,"))
                .last().isEqualTo("{\"event\":\"summary\",\"steps\":0,\"exitCode\":0}");
        assertThat(fake.chats()).hasSize(8);
    }

    @Test
    void syncThenBroadcast_whenTheApiFailsOftenAndLosesAnswers_bothFinishInOneRunEachClassOnceExitZero() {
        fake.faults().random(20, 19L, Fault.httpError(500), Fault.error(10), Fault.error(6), Fault.dropBeforeProcessing(),
                Fault.dropAfterProcessing());

        Run sync = run(env(), withApi("sync", "--roster", roster.toString()));

        assertThat(sync.exit()).as(sync.all()).isZero();
        assertThat(sync.err()).isEmpty();
        assertThat(sync.out()).containsPattern("Applied: 8 classes: (\\d+) done, 0 already done, (\\d+) reconciled after an unknown outcome, "
                + "0 need a person, 0 stopped; (\\d+) retries");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) done, 0 already done, (\\d+) reconciled.*?; (\\d+) retries, (\\d+) reconciliations")
                .matcher(sync.out());
        assertThat(m.find()).isTrue();
        assertThat(Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2))).as("done + reconciled").isEqualTo(8);
        int injected = (int) fake.requests().stream().filter(r -> r.detail().contains("injected") || r.outcome().name().startsWith("DROPPED")).count();
        assertThat(injected).as("faults the fake injected").isPositive();
        assertThat(Integer.parseInt(m.group(3))).as("retries shown").isPositive();
        assertThat(sync.out()).contains("retries ");
        java.util.Map<String, Long> titles = fake.chats().stream().collect(java.util.stream.Collectors.groupingBy(FakeChat::title,
                java.util.stream.Collectors.counting()));
        assertThat(titles).hasSize(8).allSatisfy((t, n) -> assertThat(n).as(t).isEqualTo(1L));
        assertThat(fake.chats()).allSatisfy(c -> assertThat(c.memberIds()).hasSize(5));

        Run broadcast = run(env(), withApi("broadcast", "--roster", roster.toString(), "--text", "Собрание в пятницу", "--json"));

        assertThat(broadcast.exit()).as(broadcast.all()).isZero();
        assertThat(broadcast.out().lines().reduce((a, b) -> b).orElseThrow()).startsWith("{\"event\":\"summary\"").contains("\"sent\":8")
                .contains("\"needsPerson\":0").contains("\"exitCode\":0");
        assertThat(fake.chats()).allSatisfy(c -> assertThat(fake.messagesIn(c).stream().filter(x -> x.text().equals("Собрание в пятницу")).count())
                .as(c.title()).isEqualTo(1L));
    }

    @Test
    void demo_whenFaultsAreOn_syncsTheSameSchoolShowingRetriesAndReconciliations() {
        Run r = run(Map.of(), "demo", "--faults", "--state", dir.resolve("demo-faults").toString());

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("--faults").contains("retries").contains("welcome messages the fake holds: 3")
                .containsPattern("[1-9]\\d* retries").contains("never two");
    }

    @Test
    void lesson_whenClassHasAChat_startsTheCallAndPostsTheLink() {
        run(env(), withApi("sync", "--roster", roster.toString()));

        Run r = run(Map.of("SFERUM_TOKEN", school.token().value(), "SFERUM_TEACHER_TOKEN", fake.userToken(teacher).value()),
                withApi("lesson", "--class", "c3", "--minutes", "30"));

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(fake.calls()).hasSize(1);
        FakeChat chat = fake.chats().stream().filter(c -> c.title().equals("Класс 3")).findFirst().orElseThrow();
        assertThat(fake.messagesIn(chat)).anySatisfy(m -> assertThat(m.text()).contains(fake.calls().get(0).joinLink()));
    }

    @Test
    void broadcast_whenKilledMidwayAndRerun_reachesEveryClassExactlyOnce() throws Exception {
        run(env(), withApi("sync", "--roster", roster.toString()));
        String text = "Завтра уроки начинаются в 9:00";
        fake.faults().latency("messages.send", Duration.ofMillis(400));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SferumTool.class.getName()));
        command.addAll(List.of(withApi("broadcast", "--roster", roster.toString(), "--text", text)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile());
        pb.environment().put("SFERUM_TOKEN", school.token().value());
        Process tool = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (messagesWith(text) < 3 && tool.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.sleep(5);
        }
        tool.destroyForcibly().waitFor();
        long beforeRerun = messagesWith(text);
        assertThat(beforeRerun).as("the first run was cut off part-way").isBetween(1L, 7L);
        fake.faults().clear();

        Run rerun = run(env(), withApi("broadcast", "--roster", roster.toString(), "--text", text));

        assertThat(rerun.exit()).as(rerun.all()).isZero();
        for (FakeChat chat : fake.chats()) {
            List<FakeMessage> got = fake.messagesIn(chat).stream().filter(m -> m.text().equals(text)).toList();
            assertThat(got).as(chat.title()).hasSize(1);
        }
        Run third = run(env(), withApi("broadcast", "--roster", roster.toString(), "--text", text));
        assertThat(third.out()).contains("0 sent, 8 already sent earlier");
        assertThat(messagesWith(text)).isEqualTo(8);
    }

    @Test
    void badInput_whenRosterIsBroken_saysFileLineAndFixWithExitTwoAndNoCall() throws Exception {
        Path broken = dir.resolve("broken.csv");
        Files.writeString(broken, RosterCsv.HEADER + "\n7b,7Б,1001,teacher\n7b,7Б,abc,pupil\n");

        Run r = run(env(), withApi("sync", "--roster", broken.toString()));

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: " + broken + ":3: vk_user_id must be a positive number, found \"abc\"");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void badInput_whenApiUnreachableOrTokenWrong_printsOneLineAndNoSecret() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run unreachable = run(env(), "sync", "--roster", roster.toString(), "--api-url", "http://127.0.0.1:" + port,
                "--group-id", "1", "--state", dir.resolve("s1").toString(), "--deadline", "2s");
        assertThat(unreachable.exit()).as(unreachable.all()).isEqualTo(SferumTool.STOPPED);
        assertThat(unreachable.err().lines()).hasSize(1).first().asString().startsWith("stopped early (deadline): ")
                .contains("could not connect").contains("run the same command again to resume");

        String wrong = "vk1.a.WRONGtokenWRONGtokenWRONGtokenWRONG000";
        Run rejected = run(Map.of("SFERUM_TOKEN", wrong), withApi("sync", "--roster", roster.toString(), "--verbose"));
        assertThat(rejected.exit()).as(rejected.all()).isEqualTo(SferumTool.STOPPED);
        assertThat(rejected.all()).doesNotContain(wrong).doesNotContain(school.token().value());
        assertThat(rejected.err()).startsWith("stopped early (token): ").contains("get a new token");

        Run noToken = run(Map.of(), withApi("sync", "--roster", roster.toString()));
        assertThat(noToken.exit()).isEqualTo(2);
        assertThat(noToken.err().strip()).isEqualTo("error: no token: pass --token TOKEN or set SFERUM_TOKEN (add --group-id N for a community token)");
    }

    @Test
    void verbose_whenLoggingEveryCall_neverPrintsTheToken() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SferumTool.class.getName()));
        command.addAll(List.of(withApi("sync", "--roster", roster.toString(), "--verbose")));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("verbose.log").toFile());
        pb.environment().put("SFERUM_TOKEN", school.token().value());

        int exit = pb.start().waitFor();

        String log = Files.readString(dir.resolve("verbose.log"));
        assertThat(exit).as(log).isZero();
        assertThat(log).contains("DEBUG").contains("messages.createChat ok").contains(school.token().fingerprint());
        assertThat(log).doesNotContain(school.token().value());
    }

    @Test
    void syncJson_whenTheApiFailsOften_streamsOneEventPerLineAsItHappensThenASummaryWithTheCounts() {
        fake.faults().random(20, 23L, Fault.httpError(500), Fault.error(10), Fault.error(6), Fault.dropBeforeProcessing(),
                Fault.dropAfterProcessing());
        // Notes, for every line written, how many requests the fake had served by then, and counts the flushes.
        List<Integer> servedAtLine = new ArrayList<>();
        int[] flushes = {0};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        java.io.OutputStream watching = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
                if (b == '\n') {
                    servedAtLine.add(fake.requests().size());
                }
            }

            @Override
            public void flush() {
                flushes[0]++;
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SferumTool.run(withApi("sync", "--roster", roster.toString(), "--json"), env(),
                new PrintStream(watching, false, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(out + err).isZero();
        tools.jackson.databind.ObjectMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        List<tools.jackson.databind.JsonNode> lines = out.lines().map(json::readTree).toList();
        assertThat(lines).as("every line is one JSON object").allSatisfy(n -> assertThat(n.isObject()).isTrue());
        assertThat(flushes[0]).as("each line flushed as it was written").isGreaterThanOrEqualTo(lines.size());
        assertThat(lines.get(0).get("event").asString()).isEqualTo("plan");
        tools.jackson.databind.JsonNode summary = lines.get(lines.size() - 1);
        assertThat(summary.get("event").asString()).isEqualTo("summary");
        assertThat(summary.get("exitCode").asInt()).isZero();
        java.util.function.Function<String, Long> count = e -> lines.stream().filter(n -> n.get("event").asString().equals(e)).count();
        assertThat(count.apply("step")).as("a line per step").isEqualTo(lines.get(0).get("steps").asLong()).isEqualTo(8);
        assertThat(count.apply("retry")).as("a line per retry, as the summary counts them").isEqualTo(summary.get("applied").get("retries").asLong())
                .isPositive();
        assertThat(count.apply("reconciled")).isEqualTo(summary.get("applied").get("reconciliations").asLong());
        assertThat(summary.get("applied").get("classes").get("done").asInt() + summary.get("applied").get("classes").get("reconciled").asInt())
                .isEqualTo(8);
        int firstStep = 0;
        while (!lines.get(firstStep).get("event").asString().equals("step")) {
            firstStep++;
        }
        assertThat(servedAtLine.get(firstStep)).as("the first step was written while the sync was still running")
                .isLessThan(servedAtLine.get(lines.size() - 1));
        assertThat(out).doesNotContain(school.token().value());
    }
}
