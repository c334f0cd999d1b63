package dev.sferum.sdk.samples;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.chat.roster.ChatMapping;
import dev.sferum.sdk.chat.roster.ClassResult;
import dev.sferum.sdk.chat.roster.ClassStatus;
import dev.sferum.sdk.chat.roster.RosterStop;
import dev.sferum.sdk.chat.roster.Roster;
import dev.sferum.sdk.chat.roster.RosterApplyResult;
import dev.sferum.sdk.chat.roster.RosterPlan;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.video.Lesson;
import dev.sferum.sdk.video.LessonScheduler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sferum-demo}: the demo a newcomer runs first, and a command-line tool for school vendors that syncs a
 * roster into class chats, broadcasts a message exactly once, and starts a lesson — against the embedded fake or
 * the real VK API.
 */
@Command(name = "sferum-demo", mixinStandardHelpOptions = true, version = "sferum-java-sdk 0.1.0",
        description = "Class chats and video lessons in Sferum / VK Messenger. With no command, runs the demo.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done: every class is as the roster wants it (sync), every class got the message (broadcast)",
                "1:an error before or outside the work (one line on stderr)",
                "2:bad input: the roster file, an option, a missing token (one line on stderr)",
                "3:finished, but some classes need a person: one line per class on stderr, saying why",
                "4:stopped early (token refused, captcha, service down, --deadline): why on stderr; run the same command again to resume"},
        subcommands = {SferumTool.DemoCommand.class, SferumTool.SyncCommand.class, SferumTool.BroadcastCommand.class,
                SferumTool.LessonCommand.class})
public final class SferumTool implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int NEEDS_PERSON = 3;
    static final int STOPPED = 4;
    /** How many times broadcast tries a class whose send fails in a way that may pass. */
    static final int BROADCAST_TRIES = 8;
    /** Failed sends in a row, across classes, after which broadcast stops: the service looks down. */
    static final int BROADCAST_CIRCUIT = 25;

    @Mixin
    Common common;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    SferumTool(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the tool.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        boolean verbose = List.of(args).contains("--verbose") || List.of(args).contains("-v");
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.dev.sferum", verbose ? "debug" : "warn");
            System.setProperty("org.slf4j.simpleLogger.log.picocli", "warn");
        }
        CommandLine cli = new CommandLine(new SferumTool(env, out, err), new Factory(env, out, err));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            String message = oneLine(e);
            err.println("error: " + message);
            if (verbose) {
                e.printStackTrace(err);
            }
            return e instanceof RosterCsv.RosterException || e instanceof IllegalArgumentException ? BAD_INPUT : FAILED;
        });
        return cli.execute(args);
    }

    /**
     * The exit code of a sync, with what a person must know on stderr: why it stopped (and that a re-run resumes),
     * or one line per class that needs a person.
     */
    static int exit(RosterApplyResult result, PrintStream err) {
        if (result.stop().isPresent()) {
            RosterStop stop = result.stop().get();
            err.println("stopped early (" + stop.reason().name().toLowerCase(java.util.Locale.ROOT) + "): " + oneLine(stop.message())
                    + stop.cause().map(c -> " [last failure: " + oneLine(c) + "]").orElse("") + "; run the same command again to resume ("
                    + result.classes(ClassStatus.STOPPED).size() + " classes left)");
            return STOPPED;
        }
        List<ClassResult> people = result.classes(ClassStatus.NEEDS_PERSON);
        for (ClassResult c : people) {
            err.println("needs a person: class " + c.classId() + ": " + oneLine(c.reason()));
        }
        return people.isEmpty() ? OK : NEEDS_PERSON;
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return oneLine(m);
    }

    static String oneLine(String m) {
        return m.replace('\n', ' ');
    }

    @Override
    public Integer call() throws Exception {
        DemoCommand demo = new DemoCommand(env, out, err);
        demo.common = common;
        return demo.call();
    }

    /** Options every command takes. */
    static final class Common {
        @Option(names = "--api-url", description = "VK-compatible API base URL (default: the embedded fake for demo, https://api.vk.com otherwise)")
        String apiUrl;
        @Option(names = "--token", description = "access token (or the SFERUM_TOKEN environment variable); never printed")
        String token;
        @Option(names = "--group-id", description = "the community id when the token is a community token")
        Long groupId;
        @Option(names = "--state", description = "folder for the chat mapping, outbox, broadcast journal and lessons (default: ./sferum-state)")
        Path state;
        @Option(names = "--rps", description = "requests per second for the token (default: 3 user, 20 community)")
        Integer rps;
        @Option(names = {"-v", "--verbose"}, description = "log each API call (without secrets) and show stack traces")
        boolean verbose;
        @Option(names = "--json", description = "machine-readable output as it happens: one JSON object per line (NDJSON), "
                + "flushed at once: {\"event\":\"plan\"|\"step\"|\"retry\"|\"reconciled\"|\"sent\"|\"stopped\", ...}, the same events as "
                + "the progress line, and last {\"event\":\"summary\", ..., \"exitCode\":N}")
        boolean json;
        @Option(names = "--backend", defaultValue = "vk", description = "vk (default) or max: the messenger the chats live in")
        String backend;
        @Option(names = "--deadline", description = "stop sync or broadcast after this long (e.g. 90s, 30m, 2h); a re-run resumes (default: no limit)")
        String deadline;

        java.util.Optional<Duration> deadline() {
            if (deadline == null) {
                return java.util.Optional.empty();
            }
            String d = deadline.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                Duration parsed;
                if (d.startsWith("p")) {
                    parsed = Duration.parse(d.toUpperCase(java.util.Locale.ROOT));
                } else if (d.endsWith("ms")) {
                    parsed = Duration.ofMillis(Long.parseLong(d.substring(0, d.length() - 2)));
                } else if (d.endsWith("s")) {
                    parsed = Duration.ofSeconds(Long.parseLong(d.substring(0, d.length() - 1)));
                } else if (d.endsWith("m")) {
                    parsed = Duration.ofMinutes(Long.parseLong(d.substring(0, d.length() - 1)));
                } else if (d.endsWith("h")) {
                    parsed = Duration.ofHours(Long.parseLong(d.substring(0, d.length() - 1)));
                } else {
                    throw new NumberFormatException(d);
                }
                if (parsed.isNegative() || parsed.isZero()) {
                    throw new NumberFormatException(d);
                }
                return java.util.Optional.of(parsed);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--deadline must be a positive duration such as 90s, 30m or 2h, got \"" + deadline + "\"");
            }
        }

        boolean max() {
            if (!"vk".equalsIgnoreCase(backend) && !"max".equalsIgnoreCase(backend)) {
                throw new IllegalArgumentException("--backend must be vk or max, got \"" + backend + "\"");
            }
            return "max".equalsIgnoreCase(backend);
        }

        Path stateDir() {
            return state != null ? state : Path.of("sferum-state");
        }

        AccessToken token(Map<String, String> env) {
            String value = token != null ? token : env.get("SFERUM_TOKEN");
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("no token: pass --token TOKEN or set SFERUM_TOKEN (add --group-id N for a community token)");
            }
            return groupId != null ? AccessToken.community(value.trim(), groupId) : AccessToken.user(value.trim());
        }

        String apiUrl() {
            return apiUrl != null ? apiUrl : max() ? "https://platform-api2.max.ru" : "https://api.vk.com";
        }
    }

    /** Builds commands with the environment and output they need. */
    private record Factory(Map<String, String> env, PrintStream out, PrintStream err) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == DemoCommand.class) {
                return cls.cast(new DemoCommand(env, out, err));
            }
            if (cls == SyncCommand.class) {
                return cls.cast(new SyncCommand(env, out, err));
            }
            if (cls == BroadcastCommand.class) {
                return cls.cast(new BroadcastCommand(env, out, err));
            }
            if (cls == LessonCommand.class) {
                return cls.cast(new LessonCommand(env, out, err));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    /** Shared plumbing of the commands that talk to a real (or given) API. */
    abstract static class ApiCommand implements Callable<Integer> {
        @Mixin
        Common common;
        final Map<String, String> env;
        final PrintStream out;
        final PrintStream err;

        ApiCommand(Map<String, String> env, PrintStream out, PrintStream err) {
            this.env = env;
            this.out = out;
            this.err = err;
        }

        Session session() {
            Path state = common.stateDir();
            try {
                Files.createDirectories(state);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot create the state folder " + state + ": " + e.getMessage());
            }
            if (common.max()) {
                String value = common.token != null ? common.token : env.get("SFERUM_TOKEN");
                if (value == null || value.isBlank()) {
                    throw new IllegalArgumentException("no token: pass --token TOKEN or set SFERUM_TOKEN (the MAX bot's token)");
                }
                return Session.max(common.apiUrl(), value.trim(), state, Clock.systemUTC(), common.deadline());
            }
            return new Session(common.apiUrl(), common.token(env), state, common.rps, Clock.systemUTC(), common.deadline());
        }
    }

    @Command(name = "demo", description = "Run the whole mission on an embedded fake VK: chats for a school, a welcome message, a video lesson.")
    static final class DemoCommand implements Callable<Integer> {
        @Mixin
        Common common;
        private final Map<String, String> env;
        private final PrintStream out;
        private final PrintStream err;
        @Option(names = "--faults", description = "sync the school through an unreliable fake: about 20 % of calls fail or lose their answer, "
                + "and the progress and summary show the retries and reconciliations")
        boolean faults;

        DemoCommand(Map<String, String> env, PrintStream out, PrintStream err) {
            this.env = env;
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() throws Exception {
            return new Demo(out, err, common == null ? new Common() : common, faults).run();
        }
    }

    @Command(name = "sync", description = "Plan and apply a roster: a chat per class, members in step with the roster.")
    static final class SyncCommand extends ApiCommand {
        @Option(names = "--roster", required = true, description = "CSV with header class_id,class_title,vk_user_id,role")
        Path roster;
        @Option(names = "--dry-run", description = "print the plan only")
        boolean dryRun;

        SyncCommand(Map<String, String> env, PrintStream out, PrintStream err) {
            super(env, out, err);
        }

        @Override
        public Integer call() {
            Roster r = Session.toRoster(RosterCsv.read(roster));
            Session s = session();
            Console console = new Console(out, common.json);
            RosterPlan plan = s.sync.plan(r);
            console.plan(plan);
            if (dryRun || plan.isEmpty()) {
                console.finish(OK);
                return OK;
            }
            RosterApplyResult result = s.sync.apply(plan, console.progress());
            console.applied(result);
            int code = exit(result, err);
            console.finish(code);
            return code;
        }
    }

    @Command(name = "broadcast", description = "Send one message to every class chat of the roster, exactly once even when re-run after a crash.")
    static final class BroadcastCommand extends ApiCommand {
        @Option(names = "--roster", required = true, description = "the roster whose classes get the message")
        Path roster;
        @Option(names = "--text", required = true, description = "the message")
        String text;
        @Option(names = "--again", description = "send it again although this text was already broadcast")
        boolean again;

        BroadcastCommand(Map<String, String> env, PrintStream out, PrintStream err) {
            super(env, out, err);
        }

        @Override
        public Integer call() {
            if (text.isBlank()) {
                throw new IllegalArgumentException("--text is empty; give the message to send");
            }
            List<RosterCsv.SchoolClass> classes = RosterCsv.read(roster);
            Session s = session();
            Console console = new Console(out, common.json);
            Broadcasts journal = new Broadcasts(s.state.resolve("broadcasts.json"));
            String id = Broadcasts.idOf(text);
            if (again) {
                journal.forget(id);
            }
            int already = 0;
            int missing = 0;
            List<RosterCsv.SchoolClass> pending = new java.util.ArrayList<>();
            for (RosterCsv.SchoolClass c : classes) {
                if (s.mappings.find(c.id()).flatMap(ChatMapping::chat).isEmpty()) {
                    console.say("class " + c.id() + ": no chat yet; run sync first");
                    missing++;
                } else if (journal.prepare(id, c.id()).sent()) {
                    already++;
                } else {
                    pending.add(c);
                }
            }
            Broadcast run = new Broadcast(s, journal, id, text, console, common.deadline());
            run.send(pending);
            console.say("Broadcast " + id + ": " + run.sent + " sent, " + already + " already sent earlier, " + missing
                    + " classes without a chat, " + run.needsPerson.size() + " need a person; " + run.retries + " retries.");
            console.doc.put("broadcast", id).put("sent", run.sent).put("alreadySent", already).put("withoutChat", missing)
                    .put("retries", run.retries).put("needsPerson", run.needsPerson.size());
            if (run.stopped != null) {
                console.doc.put("stopped", run.stopped);
                err.println("stopped early: " + run.stopped + "; run the same command again to resume (each class still gets the "
                        + "message exactly once)");
                console.finish(STOPPED);
                return STOPPED;
            }
            run.needsPerson.forEach((c, why) -> err.println("needs a person: class " + c + ": " + oneLine(why)));
            int code = !run.needsPerson.isEmpty() ? NEEDS_PERSON : missing == 0 ? OK : FAILED;
            console.finish(code);
            return code;
        }
    }

    /**
     * One broadcast through a flaky network: each class's key chosen (and saved) before its first send and reused on
     * every try, so VK keeps one message however often a lost answer makes us send again; classes whose send failed
     * in a way that may pass are tried again after the others, with growing pauses, at most {@link #BROADCAST_TRIES}
     * times; the token, a captcha, {@link #BROADCAST_CIRCUIT} failures in a row or the deadline stop it.
     */
    static final class Broadcast {
        private final Session s;
        private final Broadcasts journal;
        private final String id;
        private final String text;
        private final Console console;
        private final long deadlineNanos;
        int sent;
        int retries;
        String stopped;
        final Map<String, String> needsPerson = new java.util.LinkedHashMap<>();
        private int failuresInARow;

        Broadcast(Session s, Broadcasts journal, String id, String text, Console console, java.util.Optional<Duration> deadline) {
            this.s = s;
            this.journal = journal;
            this.id = id;
            this.text = text;
            this.console = console;
            this.deadlineNanos = deadline.map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
        }

        void send(List<RosterCsv.SchoolClass> classes) {
            List<RosterCsv.SchoolClass> pending = classes;
            Duration pause = Duration.ofMillis(500);
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                List<RosterCsv.SchoolClass> again = new java.util.ArrayList<>();
                Map<String, SferumException> last = new java.util.HashMap<>();
                for (RosterCsv.SchoolClass c : pending) {
                    if (stopped != null) {
                        return;
                    }
                    if (System.nanoTime() - deadlineNanos > 0) {
                        stopped = "the --deadline passed";
                        return;
                    }
                    SferumException failure = sendOnce(c);
                    if (failure == null) {
                        continue;
                    }
                    switch (failure.category()) {
                        case TOKEN, NEEDS_HUMAN -> stopped = failure.category().name().toLowerCase(java.util.Locale.ROOT) + ": " + oneLine(failure);
                        case TRANSIENT, THROTTLED, OUTCOME_UNKNOWN -> {
                            if (++failuresInARow >= BROADCAST_CIRCUIT) {
                                stopped = BROADCAST_CIRCUIT + " sends in a row failed, the last with: " + oneLine(failure) + "; the service looks down";
                            }
                            again.add(c);
                            last.put(c.id(), failure);
                        }
                        default -> needsPerson.put(c.id(), oneLine(failure) + failure.remedy().map(r -> "; " + r).orElse(""));
                    }
                }
                if (stopped != null || again.isEmpty()) {
                    return;
                }
                if (attempt >= BROADCAST_TRIES) {
                    again.forEach(c -> needsPerson.put(c.id(), "failed on all " + BROADCAST_TRIES + " tries, the last with: "
                            + oneLine(last.get(c.id())) + "; run again later"));
                    return;
                }
                retries += again.size();
                console.say("   " + again.size() + " classes failed in a way that may pass; trying them again in " + pause.toMillis() + " ms");
                console.emit(Console.event("retry").put("classes", again.size()).put("afterMillis", pause.toMillis()).put("retries", retries));
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = "interrupted";
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : pause.multipliedBy(2);
                pending = again;
            }
        }

        /** {@return null when the class got the message, else why not} */
        private SferumException sendOnce(RosterCsv.SchoolClass c) {
            PeerId chat = s.mappings.find(c.id()).flatMap(ChatMapping::chat).orElseThrow();
            Broadcasts.Delivery d = journal.prepare(id, c.id());
            try {
                SendResult r = s.chats.send(m -> m.peer(chat).text(text).idempotencyKey(d.key()));
                if (!r.complete()) {
                    return r.failed().get(0).error();
                }
            } catch (SferumException e) {
                return e;
            }
            journal.sent(id, c.id());
            sent++;
            failuresInARow = 0;
            console.say("class " + c.id() + ": sent");
            console.emit(Console.event("sent").put("class", c.id()).put("sent", sent));
            return null;
        }
    }

    @Command(name = "lesson", description = "Start a video lesson for one class now and post its join link.")
    static final class LessonCommand extends ApiCommand {
        @Option(names = "--class", required = true, description = "the class id from the roster")
        String classId;
        @Option(names = "--minutes", defaultValue = "45", description = "the lesson's length (default 45)")
        int minutes;
        @Option(names = "--title", defaultValue = "Урок", description = "the lesson's title")
        String title;
        @Option(names = "--teacher-token", description = "a teacher's user token for calls.start (or SFERUM_TEACHER_TOKEN); default --token if it is a user token")
        String teacherToken;

        LessonCommand(Map<String, String> env, PrintStream out, PrintStream err) {
            super(env, out, err);
        }

        @Override
        public Integer call() {
            if (minutes < 1 || minutes > 600) {
                throw new IllegalArgumentException("--minutes must be between 1 and 600: " + minutes);
            }
            Session s = session();
            if (!"vk".equals(s.chats.capabilities().backend())) {
                throw new SferumException(dev.sferum.sdk.core.exception.ErrorCategory.NOT_SUPPORTED, "calls.start",
                        "the " + s.chats.capabilities().backend() + " backend has no calls; video lessons need --backend vk", null, null);
            }
            PeerId chat = s.mappings.find(classId).flatMap(ChatMapping::chat).orElseThrow(() ->
                    new IllegalArgumentException("class " + classId + " has no chat in " + s.state + "; run sync first"));
            String teacher = teacherToken != null ? teacherToken : env.get("SFERUM_TEACHER_TOKEN");
            AccessToken organizer = teacher != null ? AccessToken.user(teacher.trim()) : s.token;
            Console console = new Console(out, common.json);
            LessonScheduler lessons = s.lessons(organizer, common.groupId == null ? 0 : common.groupId, new dev.sferum.sdk.video.LessonListener() {
                @Override
                public void failed(Lesson l, String step, SferumException error, boolean willRetry) {
                    console.say("   " + step + ": " + error.category().name().toLowerCase(java.util.Locale.ROOT)
                            + (willRetry ? ", trying again at " + l.retryAt() : ", given up: " + oneLine(l.failure() == null ? "" : l.failure())));
                    console.emit(Console.event(willRetry ? "retry" : "gaveUp").put("step", step).put("category", error.category().name())
                            .put("tries", l.stepFailures()));
                }

                @Override
                public void announcementFound(Lesson l) {
                    console.say("   the join link was already in the chat; not posted again");
                    console.emit(Console.event("reconciled").put("step", "announce"));
                }
            });
            Lesson lesson = lessons.startNow(chat, title, Duration.ofMinutes(minutes));
            // A step that failed in a way that may pass backs off; a one-shot command waits for it (bounded by maxTries).
            while (!lesson.state().terminal() && lesson.state() != dev.sferum.sdk.video.LessonState.ANNOUNCED
                    && lesson.state() != dev.sferum.sdk.video.LessonState.UNANNOUNCED && lesson.retryAt() != null) {
                long wait = Duration.between(s.clock.instant(), lesson.retryAt()).toMillis();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                lessons.runDue();
                String id = lesson.id();
                lesson = lessons.lessons().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
            }
            console.doc.put("lesson", lesson.id()).put("class", classId).put("state", lesson.state().name()).put("joinLink", lesson.joinLink());
            int code;
            if (lesson.state() == dev.sferum.sdk.video.LessonState.ANNOUNCED) {
                console.say("Lesson " + lesson.id() + " started in class " + classId + "; join link posted: " + lesson.joinLink());
                code = OK;
            } else if (lesson.state() == dev.sferum.sdk.video.LessonState.UNANNOUNCED) {
                err.println("needs a person: class " + classId + ": the call runs but its link could not be posted (" + oneLine(lesson.failure())
                        + "); share it with the class: " + lesson.joinLink());
                code = NEEDS_PERSON;
            } else {
                err.println("stopped early: lesson " + lesson.id() + " is " + lesson.state() + (lesson.failure() != null ? " (" + oneLine(lesson.failure())
                        + ")" : "") + "; run the command again later");
                code = lesson.state() == dev.sferum.sdk.video.LessonState.FAILED ? NEEDS_PERSON : STOPPED;
            }
            console.finish(code);
            return code;
        }
    }
}
