package dev.sferum.sdk.samples;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.chat.roster.ChatMapping;
import dev.sferum.sdk.chat.roster.Roster;
import dev.sferum.sdk.chat.roster.RosterApplyResult;
import dev.sferum.sdk.chat.roster.RosterPlan;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeClock;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testkit.Fault;
import dev.sferum.sdk.video.Lesson;
import dev.sferum.sdk.video.LessonScheduler;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The demo: a school's classes get their chats, a message reaches each class exactly once, and a video lesson
 * starts with its link posted — all on an embedded fake VK, with nothing to configure. The same code paths as the
 * {@code sync}, {@code broadcast} and {@code lesson} commands.
 */
final class Demo {
    static final String WELCOME = "Добро пожаловать в чат класса! Здесь будут объявления, домашние задания и ссылки на уроки.";

    /** With {@code --faults}: the share of calls the fake fails (a tenth of them after acting, the answer lost). */
    static final int FAULT_PERCENT = 25;
    static final long FAULT_SEED = 20261207L;

    private final PrintStream out;
    private final PrintStream err;
    private final SferumTool.Common common;
    private final boolean faults;

    Demo(PrintStream out, PrintStream err, SferumTool.Common common, boolean faults) {
        this.out = out;
        this.err = err;
        this.common = common;
        this.faults = faults;
    }

    int run() throws IOException {
        if (common.max()) {
            return runOnMax();
        }
        List<RosterCsv.SchoolClass> classes = RosterCsv.parse("demo-roster.csv", bundledRoster());
        FakeClock clock = FakeClock.at(Clock.systemUTC().instant());
        Path state = common.state != null ? common.state : Files.createTempDirectory("sferum-demo");
        Console console = new Console(out, common.json);
        try (FakeVk fake = FakeVk.builder().clock(clock).start()) {
            console.say("== sferum-java-sdk demo: an embedded fake VK at " + fake.baseUri() + ", state in " + state);
            long highest = classes.stream().flatMap(c -> java.util.stream.Stream.of(c.teachers(), c.pupils(), c.parents()))
                    .flatMap(java.util.Set::stream).mapToLong(Long::longValue).max().orElse(1000);
            List<FakeUser> people = new ArrayList<>();
            while (people.isEmpty() || people.get(people.size() - 1).id() < highest) {
                people.add(fake.createUser("Участник", "№" + (people.size() + 1)));
            }
            FakeUser headTeacher = people.get(0);
            FakeCommunity school = fake.createCommunity("Школа №1", headTeacher);
            String apiUrl = common.apiUrl != null ? common.apiUrl : fake.baseUri().toString();
            Session session = new Session(apiUrl, AccessToken.community(school.token().value(), school.id()), state, common.rps, clock);

            console.say("");
            console.say("1. Roster sync: " + classes.size() + " classes, " + classes.stream().mapToInt(RosterCsv.SchoolClass::size).sum()
                    + " people (VK ids only), with the school community's token");
            Roster roster = Session.toRoster(classes);
            RosterPlan plan = session.sync.plan(roster);
            console.plan(plan);
            if (faults) {
                console.say("   --faults: the fake now fails " + FAULT_PERCENT + " % of calls (HTTP 500/502, VK errors 10 and 6, closed "
                        + "connections) and loses some answers after acting; watch the retries and reconciliations");
                // the first two creations surely meet the worst cases (an answer lost after VK acted, an internal error),
                // the rest whatever the seeded dice say
                fake.faults().failNext("messages.createChat", 1, Fault.dropAfterProcessing()).failNext("messages.createChat", 1, Fault.error(10));
                fake.faults().random(FAULT_PERCENT, FAULT_SEED, Fault.httpError(500), Fault.httpError(502), Fault.error(10), Fault.error(6),
                        Fault.dropBeforeProcessing(), Fault.dropAfterProcessing(), Fault.dropAfterProcessing());
            }
            RosterApplyResult applied = session.sync.apply(plan, console.progress());
            fake.faults().clear();
            console.applied(applied);
            int exit = SferumTool.exit(applied, err);
            if (faults) {
                console.say("   the fake is reliable again for the rest of the demo; chats the fake holds per class title: "
                        + fake.chats().stream().collect(java.util.stream.Collectors.groupingBy(FakeChat::title, java.util.stream.Collectors.counting()))
                        .values().stream().mapToLong(Long::longValue).max().orElse(0) + " at most (never two)");
            }

            console.say("");
            console.say("2. A welcome message to every class chat, exactly once");
            List<PeerId> chats = new ArrayList<>();
            for (RosterCsv.SchoolClass c : classes) {
                session.mappings.find(c.id()).flatMap(ChatMapping::chat).ifPresent(chats::add);
            }
            SendResult welcome = session.chats.send(m -> m.peers(chats).text(WELCOME));
            int resent = session.chats.resendPending().sent().size();
            long delivered = fake.chats().stream().mapToLong(chat -> fake.messagesIn(chat).stream()
                    .filter(msg -> msg.text().equals(WELCOME)).count()).sum();
            console.say("   sent to " + welcome.sent().size() + " chats; pending after a resend pass: " + resent
                    + "; welcome messages the fake holds: " + delivered);

            console.say("");
            console.say("3. A video lesson for class " + classes.get(0).id() + ", started now, link posted to its chat");
            LessonScheduler lessons = session.lessons(AccessToken.user(fake.userToken(headTeacher).value()), school.id());
            Lesson lesson = lessons.startNow(chats.get(0), "Математика", Duration.ofMinutes(45));
            console.say("   call " + lesson.callId() + " started; join link posted: " + lesson.joinLink());
            clock.advance(Duration.ofMinutes(45));
            lessons.runDue();
            Lesson finished = lessons.lessons().stream().filter(l -> l.id().equals(lesson.id())).findFirst().orElseThrow();
            console.say("   45 minutes later (on the fake's clock) the scheduler finished it: " + finished.state());

            console.say("");
            console.say("Summary");
            List<FakeChat> made = fake.chats().stream().sorted(Comparator.comparingLong(FakeChat::id)).toList();
            for (FakeChat chat : made) {
                console.say(String.format("   chat %-4s members %2d   messages %d", chat.title(), chat.memberIds().size(),
                        fake.messagesIn(chat).size()));
            }
            console.say("   API requests the fake served: " + fake.requests().size() + "; no token was printed or logged.");
            console.say("Point the same tool at the real VK API: java -jar sferum-demo.jar sync --roster roster.csv --token ... --group-id N");
            console.doc.put("chats", made.size()).put("welcomeDelivered", delivered).put("lessonState", finished.state().name())
                    .put("joinLink", lesson.joinLink());
            boolean ok = exit == SferumTool.OK && welcome.complete() && delivered == chats.size() && chats.size() == classes.size()
                    && finished.state() == dev.sferum.sdk.video.LessonState.FINISHED;
            console.finish(ok ? SferumTool.OK : SferumTool.FAILED);
            return ok ? SferumTool.OK : SferumTool.FAILED;
        }
    }

    private static java.util.Set<Long> maxIds(java.util.Set<Long> ids, java.util.Map<Long, dev.sferum.sdk.testkit.max.FakeMaxUser> people) {
        java.util.Set<Long> out = new java.util.TreeSet<>();
        ids.forEach(id -> out.add(people.get(id).id()));
        return out;
    }

    private static String bundledRoster() throws IOException {
        try (InputStream in = Demo.class.getResourceAsStream("/demo-roster.csv")) {
            if (in == null) {
                throw new IOException("the bundled demo-roster.csv is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The demo on the MAX messenger's embedded fake: the school's chats already exist with the bot in them (a MAX
     * bot cannot create chats), roster sync links each class to its chat, and the welcome message reaches each chat
     * exactly once — MAX has no idempotency key, so the SDK's marker and read-back check stand in for it.
     */
    private int runOnMax() throws IOException {
        List<RosterCsv.SchoolClass> csv = RosterCsv.parse("demo-roster.csv", bundledRoster());
        Path state = common.state != null ? common.state : Files.createTempDirectory("sferum-demo-max");
        Console console = new Console(out, common.json);
        try (dev.sferum.sdk.testkit.max.FakeMax fake = dev.sferum.sdk.testkit.max.FakeMax.start()) {
            console.say("== sferum-java-sdk demo on MAX: an embedded fake MAX bot API at " + fake.baseUri() + ", state in " + state);
            dev.sferum.sdk.testkit.max.FakeMaxBot bot = fake.createBot("Школьный бот");
            // MAX has its own user ids: give each person of the bundled roster a MAX user, and the roster their ids
            java.util.Map<Long, dev.sferum.sdk.testkit.max.FakeMaxUser> people = new java.util.TreeMap<>();
            csv.stream().flatMap(c -> java.util.stream.Stream.of(c.teachers(), c.pupils(), c.parents()))
                    .flatMap(java.util.Set::stream).sorted().distinct()
                    .forEach(id -> people.put(id, fake.createUser("Участник", "№" + (people.size() + 1))));
            List<RosterCsv.SchoolClass> classes = csv.stream().map(c -> new RosterCsv.SchoolClass(c.id(), c.title(), maxIds(c.teachers(), people),
                    maxIds(c.pupils(), people), maxIds(c.parents(), people))).toList();
            for (RosterCsv.SchoolClass c : classes) {
                // the class chat Sferum made: its teacher owns it, and the school added the bot as an admin
                long teacherId = c.teachers().iterator().next();
                dev.sferum.sdk.testkit.max.FakeMaxUser teacher = people.values().stream().filter(u -> u.id() == teacherId).findFirst()
                        .orElseThrow();
                fake.addBot(fake.createChat(teacher, c.title()), bot, true);
            }
            String apiUrl = common.apiUrl != null ? common.apiUrl : fake.baseUri().toString();
            Session session = Session.max(apiUrl, bot.token(), state, Clock.systemUTC());

            console.say("");
            console.say("1. Roster sync on MAX: the bot was added to " + classes.size() + " class chats (a MAX bot cannot create "
                    + "chats), so the plan links each class to its chat, then adds its members");
            Roster roster = Session.toRoster(classes);
            RosterPlan plan = session.sync.plan(roster);
            console.plan(plan);
            if (faults) {
                console.say("   --faults: the fake now fails about " + FAULT_PERCENT + " % of calls (HTTP 502, 503, closed connections, "
                        + "answers lost after acting); watch the retries");
                fake.faults().failNext("POST /chats/{chatId}/members", 1, dev.sferum.sdk.testkit.max.MaxFault.dropAfterProcessing());
                fake.faults().failRandomly(dev.sferum.sdk.testkit.max.FakeMaxFaults.ANY, 0.08, dev.sferum.sdk.testkit.max.MaxFault.httpError(502))
                        .failRandomly(dev.sferum.sdk.testkit.max.FakeMaxFaults.ANY, 0.07, dev.sferum.sdk.testkit.max.MaxFault.error(503, "service.unavailable"))
                        .failRandomly(dev.sferum.sdk.testkit.max.FakeMaxFaults.ANY, 0.05, dev.sferum.sdk.testkit.max.MaxFault.dropBeforeProcessing())
                        .failRandomly(dev.sferum.sdk.testkit.max.FakeMaxFaults.ANY, 0.05, dev.sferum.sdk.testkit.max.MaxFault.dropAfterProcessing());
            }
            RosterApplyResult applied = session.sync.apply(plan, console.progress());
            fake.faults().clear();
            console.applied(applied);
            int exit = SferumTool.exit(applied, err);
            boolean settled = session.sync.plan(roster).isEmpty();
            console.say("   planned again: " + (settled ? "nothing to change" : "changes remain"));

            console.say("");
            console.say("2. A welcome message to every class chat, exactly once (MAX has no random_id: the SDK marks and checks)");
            List<PeerId> chats = new ArrayList<>();
            for (RosterCsv.SchoolClass c : classes) {
                session.mappings.find(c.id()).flatMap(ChatMapping::chat).ifPresent(chats::add);
            }
            int sent = 0;
            for (PeerId chat : chats) {
                sent += session.chats.send(m -> m.peer(chat).text(WELCOME)).sent().size();
            }
            long delivered = fake.chats().stream().mapToLong(chat -> fake.messagesIn(chat.id()).stream()
                    .filter(msg -> msg.text().startsWith(WELCOME)).count()).sum();
            console.say("   sent to " + sent + " chats; welcome messages the fake holds: " + delivered);

            console.say("");
            console.say("3. Video lessons: MAX's bot API has no calls, so lessons run on the VK backend (java -jar sferum-demo.jar demo)");
            console.say("");
            console.say("API requests the fake served: " + fake.requests().size() + "; no token was printed or logged.");
            console.doc.put("backend", "max").put("chats", chats.size()).put("welcomeDelivered", delivered);
            int code = exit == SferumTool.OK && settled && chats.size() == classes.size() && delivered == classes.size()
                    ? SferumTool.OK : SferumTool.FAILED;
            console.finish(code);
            return code;
        }
    }
}
