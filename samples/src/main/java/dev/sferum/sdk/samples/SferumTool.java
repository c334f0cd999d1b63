package dev.sferum.sdk.samples;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.chat.roster.ChatMapping;
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
        subcommands = {SferumTool.DemoCommand.class, SferumTool.SyncCommand.class, SferumTool.BroadcastCommand.class,
                SferumTool.LessonCommand.class})
public final class SferumTool implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    @Mixin
    Common common;

    private final Map<String, String> env;
    private final PrintStream out;

    SferumTool(Map<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
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
        CommandLine cli = new CommandLine(new SferumTool(env, out), new Factory(env, out));
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

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }

    @Override
    public Integer call() throws Exception {
        DemoCommand demo = new DemoCommand(env, out);
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
        @Option(names = "--json", description = "machine-readable output")
        boolean json;
        @Option(names = "--backend", defaultValue = "vk", description = "vk (default) or max: the messenger the chats live in")
        String backend;

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
    private record Factory(Map<String, String> env, PrintStream out) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == DemoCommand.class) {
                return cls.cast(new DemoCommand(env, out));
            }
            if (cls == SyncCommand.class) {
                return cls.cast(new SyncCommand(env, out));
            }
            if (cls == BroadcastCommand.class) {
                return cls.cast(new BroadcastCommand(env, out));
            }
            if (cls == LessonCommand.class) {
                return cls.cast(new LessonCommand(env, out));
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

        ApiCommand(Map<String, String> env, PrintStream out) {
            this.env = env;
            this.out = out;
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
                return Session.max(common.apiUrl(), value.trim(), state, Clock.systemUTC());
            }
            return new Session(common.apiUrl(), common.token(env), state, common.rps, Clock.systemUTC());
        }
    }

    @Command(name = "demo", description = "Run the whole mission on an embedded fake VK: chats for a school, a welcome message, a video lesson.")
    static final class DemoCommand implements Callable<Integer> {
        @Mixin
        Common common;
        private final Map<String, String> env;
        private final PrintStream out;

        DemoCommand(Map<String, String> env, PrintStream out) {
            this.env = env;
            this.out = out;
        }

        @Override
        public Integer call() throws Exception {
            return new Demo(out, common == null ? new Common() : common).run();
        }
    }

    @Command(name = "sync", description = "Plan and apply a roster: a chat per class, members in step with the roster.")
    static final class SyncCommand extends ApiCommand {
        @Option(names = "--roster", required = true, description = "CSV with header class_id,class_title,vk_user_id,role")
        Path roster;
        @Option(names = "--dry-run", description = "print the plan only")
        boolean dryRun;

        SyncCommand(Map<String, String> env, PrintStream out) {
            super(env, out);
        }

        @Override
        public Integer call() {
            Roster r = Session.toRoster(RosterCsv.read(roster));
            Session s = session();
            Console console = new Console(out, common.json);
            RosterPlan plan = s.sync.plan(r);
            console.plan(plan);
            if (dryRun || plan.isEmpty()) {
                console.finish();
                return OK;
            }
            RosterApplyResult result = s.sync.apply(plan, console.progress());
            console.applied(result);
            console.finish();
            return result.complete() ? OK : FAILED;
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

        BroadcastCommand(Map<String, String> env, PrintStream out) {
            super(env, out);
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
            int sent = 0;
            int already = 0;
            int missing = 0;
            for (RosterCsv.SchoolClass c : classes) {
                PeerId chat = s.mappings.find(c.id()).flatMap(ChatMapping::chat).orElse(null);
                if (chat == null) {
                    console.say("class " + c.id() + ": no chat yet; run sync first");
                    missing++;
                    continue;
                }
                Broadcasts.Delivery d = journal.prepare(id, c.id());
                if (d.sent()) {
                    already++;
                    continue;
                }
                SendResult r = s.chats.send(m -> m.peer(chat).text(text).idempotencyKey(d.key()));
                if (!r.complete()) {
                    throw new SferumException(r.failed().get(0).error().category(), "messages.send",
                            "class " + c.id() + ": " + r.failed().get(0).error().getMessage(), null, null);
                }
                journal.sent(id, c.id());
                sent++;
                console.say("class " + c.id() + ": sent");
            }
            console.say("Broadcast " + id + ": " + sent + " sent, " + already + " already sent earlier, " + missing + " classes without a chat.");
            console.doc.put("broadcast", id).put("sent", sent).put("alreadySent", already).put("withoutChat", missing);
            console.finish();
            return missing == 0 ? OK : FAILED;
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

        LessonCommand(Map<String, String> env, PrintStream out) {
            super(env, out);
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
            LessonScheduler lessons = s.lessons(organizer, common.groupId == null ? 0 : common.groupId);
            Lesson lesson = lessons.startNow(chat, title, Duration.ofMinutes(minutes));
            Console console = new Console(out, common.json);
            console.say("Lesson " + lesson.id() + " started in class " + classId + "; join link posted: " + lesson.joinLink());
            console.doc.put("lesson", lesson.id()).put("class", classId).put("state", lesson.state().name()).put("joinLink", lesson.joinLink());
            console.finish();
            return OK;
        }
    }
}
