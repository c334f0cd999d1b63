package dev.sferum.sdk.video;

import dev.sferum.sdk.chat.Chat;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.ChatState;
import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.Page;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.internal.Builders;
import dev.sferum.sdk.core.internal.Require;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs video lessons on a timetable: a short time before each lesson it starts the call and posts the join link
 * to the class chat (exactly once), and at the end it finishes the call. VK has no API for scheduled calls; this is
 * it.
 *
 * <pre>{@code
 * LessonScheduler lessons = LessonScheduler.builder()
 *         .calls(CallClient.vk(teacherApi))          // a user token: calls.* need one
 *         .chats(classChats)                         // any ChatClient: VK (sdk-vk's VkChats) or MAX (MaxChats)
 *         .store(ScheduleStore.file(Path.of("state/lessons.json")))
 *         .build();
 * lessons.schedule(r -> r.classChat(PeerId.chat(12)).title("Алгебра")
 *         .startsAt(monday0800).endsAt(monday0845));
 * lessons.start(executor);                           // or call runDue() from your own timer
 * }</pre>
 *
 * <p>Every step is written to the {@link ScheduleStore} before and after it talks to VK, so a restarted
 * scheduler picks up where the last one stopped: it posts a link not yet posted (with the lesson's fixed
 * {@code random_id}, so never twice) and finishes calls whose lesson has ended. One gap remains that VK's API does
 * not let any client close: if the process dies after VK started a call but before its id was stored, the next
 * run starts a new call and the first one is left to VK (the state {@link LessonState#STARTING} marks that window;
 * the scheduler logs it).
 *
 * <p><b>Through faults.</b> A step (start the call, post the link, finish the call) that fails in a way that may pass
 * (the network, an internal error, throttling, an unknown outcome) is tried again on a later run, after a back-off
 * that starts at {@link Builder#retryInterval(Duration)} and doubles up to {@link Builder#maxRetryInterval(Duration)};
 * the other lessons go on meanwhile, and every call goes through the API clients' rate budgets. A step has
 * {@link Builder#maxTries(int)} tries; the count and the next retry time are stored with the lesson
 * ({@link Lesson#stepFailures()}, {@link Lesson#retryAt()}), so a restarted scheduler goes on with the same count
 * and back-off instead of starting over. A step given up is reported to the {@link LessonListener} (with
 * {@code willRetry} false) and left in the lesson's state: {@link LessonState#FAILED} or
 * {@link LessonState#UNANNOUNCED}, with {@link Lesson#failure()} saying what a person should do; never dropped
 * silently. A post whose outcome was unknown is read back (the chat's newest messages) before it is posted again,
 * and posted again only with the lesson's fixed key; an unknown {@code calls.start} cannot be read back (VK lists no
 * calls), so it is started again, counted in {@link Lesson#unknownStarts()} and logged, unless
 * {@link Builder#startAgainAfterUnknownOutcome(boolean)} is off.
 *
 * <p>Time comes from the injected {@link Clock}; {@link #runDue()} does everything due at the clock's now, so
 * tests drive a week of timetable by moving a clock. Thread-safe: runs are serialized.
 *
 * @since 0.1.0
 */
public final class LessonScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LessonScheduler.class);
    /** How many of the chat's newest messages are read back for a post whose outcome was unknown. */
    private static final int READ_BACK_MESSAGES = 50;

    private final CallClient calls;
    private final ChatClient chats;
    private final ScheduleStore store;
    private final Clock clock;
    private final Duration leadTime;
    private final Duration retryInterval;
    private final Duration maxRetryInterval;
    private final int maxTries;
    private final boolean startAgainAfterUnknown;
    private final long groupId;
    private final boolean verifyChats;
    private final Function<Lesson, String> announcement;
    private final LessonListener listener;
    private final SecureRandom random = new SecureRandom();
    private final Object runLock = new Object();
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> next;
    private boolean closed;

    private LessonScheduler(Builder b) {
        this.calls = b.calls;
        this.chats = b.chats;
        this.store = b.store;
        this.clock = b.clock;
        this.leadTime = b.leadTime;
        this.retryInterval = b.retryInterval;
        this.maxRetryInterval = b.maxRetryInterval.compareTo(b.retryInterval) < 0 ? b.retryInterval : b.maxRetryInterval;
        this.maxTries = b.maxTries;
        this.startAgainAfterUnknown = b.startAgainAfterUnknown;
        this.groupId = b.groupId;
        this.verifyChats = b.verifyChats;
        this.listener = b.listener;
        ZoneId zone = b.zone != null ? b.zone : b.clock.getZone();
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
        this.announcement = b.announcement != null ? b.announcement
                : l -> "Урок «" + l.title() + "» начинается в " + hhmm.format(l.startsAt()) + ". Подключиться: " + l.joinLink();
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Puts a lesson on the timetable.
     *
     * @param request the lesson
     * @return the stored lesson, state {@link LessonState#SCHEDULED}
     * @throws IllegalArgumentException if it ends before it starts, starts in the past, overlaps another lesson of
     *     the same chat, is not in a class chat, or reuses the id of a different lesson
     * @throws SferumException if the chat cannot be posted to with the chats client's token (checked now, not at
     *     8:00 on Monday)
     */
    public Lesson schedule(LessonRequest request) {
        Instant now = clock.instant();
        if (!request.endsAt().isAfter(request.startsAt())) {
            throw new IllegalArgumentException("lesson \"" + request.title() + "\" ends (" + request.endsAt() + ") before it starts ("
                    + request.startsAt() + ")");
        }
        if (request.startsAt().isBefore(now)) {
            throw new IllegalArgumentException("lesson \"" + request.title() + "\" starts in the past (" + request.startsAt()
                    + ", now " + now + "); use startNow(...) for a lesson that begins at once");
        }
        return add(request, now);
    }

    /**
     * Schedules a lesson in the same way, configured by a builder customizer.
     *
     * @param request sets the lesson's parts
     * @return the stored lesson
     */
    public Lesson schedule(Consumer<LessonRequest.Builder> request) {
        return schedule(Builders.build(LessonRequest.builder(), request, LessonRequest.Builder::build));
    }

    /**
     * Starts a lesson for a class now: starts the call, posts the link, and schedules the finish.
     *
     * @param classChat the class chat
     * @param title the lesson's title
     * @param length how long it lasts
     * @return the lesson, normally {@link LessonState#ANNOUNCED} with its join link
     * @throws SferumException if the call cannot be started and the failure will not heal by retrying
     */
    public Lesson startNow(PeerId classChat, String title, Duration length) {
        Instant now = clock.instant();
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("a lesson's length must be positive: " + length);
        }
        Lesson lesson = add(LessonRequest.builder().classChat(classChat).title(title).startsAt(now).endsAt(now.plus(length)).build(), now);
        synchronized (runLock) {
            lesson = advance(lesson, now);
        }
        rearm();
        if (lesson.state() == LessonState.FAILED) {
            throw new SferumException(ErrorCategory.TRANSIENT, "calls.start", "lesson " + lesson.id() + " could not start: "
                    + lesson.failure(), null, null);
        }
        return lesson;
    }

    private Lesson add(LessonRequest request, Instant now) {
        String id = request.id() != null ? request.id() : UUID.randomUUID().toString();
        synchronized (runLock) {
            Optional<Lesson> existing = store.find(id);
            if (existing.isPresent()) {
                Lesson e = existing.get();
                if (e.classChat().equals(request.classChat()) && e.startsAt().equals(request.startsAt()) && e.endsAt().equals(request.endsAt())) {
                    return e;
                }
                throw new IllegalArgumentException("lesson id " + id + " is already used by another lesson (" + e + ")");
            }
            for (Lesson other : store.all()) {
                if (other.classChat().equals(request.classChat()) && !other.state().terminal()
                        && other.startsAt().isBefore(request.endsAt()) && request.startsAt().isBefore(other.endsAt())) {
                    throw new IllegalArgumentException("lesson \"" + request.title() + "\" (" + request.startsAt() + "–" + request.endsAt()
                            + ") overlaps lesson " + other.id() + " (" + other.startsAt() + "–" + other.endsAt() + ") in chat "
                            + request.classChat() + "; one chat holds one lesson at a time");
                }
            }
            if (verifyChats) {
                verifyCanPost(request.classChat());
            }
            Lesson lesson = new Lesson(id, request.classChat(), request.title(), request.startsAt(), request.endsAt(),
                    LessonState.SCHEDULED, null, null, random.nextLong() & Long.MAX_VALUE | 1, 0, 0, null, null);
            store.save(lesson);
            log.debug("scheduled {}", lesson);
            return lesson;
        }
    }

    private void verifyCanPost(PeerId chat) {
        Chat seen = chats.chat(chat);
        if (seen.state() != ChatState.IN) {
            throw new SferumException(ErrorCategory.PERMISSION, "chat",
                    "the chats client's account is not in " + chat + " (state " + seen.state() + "), so it cannot post the join link",
                    "add the acting account (the community, the user or the MAX bot) to the class chat, then schedule again", null);
        }
    }

    /**
     * Cancels a lesson: a running call is finished now.
     *
     * @param id the lesson
     * @return the lesson as stored after cancelling, or empty if there is no such lesson
     */
    public Optional<Lesson> cancel(String id) {
        synchronized (runLock) {
            Optional<Lesson> found = store.find(id);
            if (found.isEmpty() || found.get().state().terminal()) {
                return found;
            }
            Lesson lesson = found.get();
            lesson.call().filter(CallId::finishable).ifPresent(calls::finish);
            Lesson cancelled = lesson.with(LessonState.CANCELLED);
            store.save(cancelled);
            listener.finished(cancelled);
            return Optional.of(cancelled);
        }
    }

    /** {@return every lesson in the store} */
    public List<Lesson> lessons() {
        return store.all();
    }

    /**
     * Does everything that is due at the clock's now: starts calls whose lead time has come, posts links not yet
     * posted, finishes calls whose lesson has ended, retries failed steps whose back-off has passed. A lesson whose
     * step fails does not hold up the others.
     *
     * @return how many steps were taken
     */
    public int runDue() {
        int steps = 0;
        synchronized (runLock) {
            Instant now = clock.instant();
            for (Lesson lesson : store.all()) {
                if (lesson.state().terminal() || dueAt(lesson).isAfter(now)) {
                    continue;
                }
                Lesson after = advance(lesson, now);
                if (after.state() != lesson.state() || after.startAttempts() != lesson.startAttempts()
                        || after.stepFailures() != lesson.stepFailures()) {
                    steps++;
                }
            }
        }
        return steps;
    }

    /**
     * When the next step of any lesson is due.
     *
     * @return the earliest due time, or empty if nothing is pending
     */
    public Optional<Instant> nextDue() {
        return store.all().stream().filter(l -> !l.state().terminal()).map(this::dueAt).min(Instant::compareTo);
    }

    /**
     * Runs the scheduler by itself on {@code executor}: each run does what is due and arms the next one. Stop it
     * with {@link #close()}; the executor stays yours.
     *
     * @param executor where runs happen
     */
    public void start(ScheduledExecutorService executor) {
        synchronized (runLock) {
            this.executor = Objects.requireNonNull(executor, "executor");
            this.closed = false;
        }
        rearm();
    }

    private void rearm() {
        synchronized (runLock) {
            if (executor == null || closed) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
            Optional<Instant> due = nextDue();
            if (due.isEmpty()) {
                return;
            }
            long delay = Math.max(0, Duration.between(clock.instant(), due.get()).toMillis());
            next = executor.schedule(() -> {
                try {
                    runDue();
                } catch (RuntimeException e) {
                    log.warn("lesson scheduler run failed; retrying in {}: {}", retryInterval, e.toString());
                } finally {
                    rearm();
                }
            }, Math.min(delay, retryInterval.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops runs started by {@link #start}. Lessons stay in the store. */
    @Override
    public void close() {
        synchronized (runLock) {
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
    }

    private Instant dueAt(Lesson l) {
        return switch (l.state()) {
            case SCHEDULED -> later(l.startsAt().minus(leadTime), l.retryAt());
            case STARTING -> Instant.MIN;
            case STARTED -> l.retryAt() != null ? l.retryAt() : Instant.MIN;
            case ANNOUNCED, UNANNOUNCED -> later(l.endsAt(), l.retryAt());
            case FINISHED, FAILED, CANCELLED -> Instant.MAX;
        };
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    /** Takes a lesson through every step due at {@code now}. Called under {@code runLock}. */
    private Lesson advance(Lesson lesson, Instant now) {
        Lesson l = lesson;
        if ((l.state() == LessonState.SCHEDULED || l.state() == LessonState.STARTING) && !now.isBefore(l.endsAt())) {
            l = l.failed(l.state() == LessonState.STARTING
                    ? "the process stopped while starting the call and the lesson has ended since"
                    : "the scheduler did not run between the lesson's start and end");
            store.save(l);
            listener.failed(l, "start", new SferumException(ErrorCategory.TRANSIENT, "calls.start", l.failure(), null, null), false);
            return l;
        }
        if (l.state() == LessonState.STARTING) {
            l = l.startInterrupted();
            if (!startAgainAfterUnknown) {
                return giveUpUnknownStart(l, "start", new SferumException(ErrorCategory.OUTCOME_UNKNOWN, "calls.start",
                        "the process stopped while starting the call", null, null));
            }
            log.warn("lesson {} was being started when the process stopped; a call may have been left running on VK's side, starting a new one",
                    l.id());
            store.save(l);
        }
        if (l.state() == LessonState.SCHEDULED) {
            l = startCall(l, now);
            if (l.state() != LessonState.STARTED) {
                return l;
            }
        }
        if (l.state() == LessonState.STARTED && !now.isBefore(l.endsAt())) {
            l = l.stepFailed("the lesson ended before its join link could be posted" + (l.failure() != null ? " (" + l.failure() + ")" : ""),
                    null, LessonState.UNANNOUNCED, false);
            store.save(l);
            listener.failed(l, "announce", new SferumException(ErrorCategory.TRANSIENT, "announce", l.failure(), null, null), false);
        }
        if (l.state() == LessonState.STARTED) {
            l = announce(l, now);
        }
        if ((l.state() == LessonState.STARTED || l.state() == LessonState.ANNOUNCED || l.state() == LessonState.UNANNOUNCED)
                && !now.isBefore(l.endsAt()) && (l.retryAt() == null || !now.isBefore(l.retryAt()))) {
            l = finish(l, now);
        }
        return l;
    }

    /** Whether a failure may pass by itself, so the step is worth another try. */
    private static boolean mayPass(SferumException e) {
        return e.retryable() || e.category() == ErrorCategory.OUTCOME_UNKNOWN;
    }

    /**
     * When to try a step again after its {@code failures}-th failed try: {@code retryInterval} doubled per failure up
     * to {@code maxRetryInterval}, less up to a quarter at random so lessons that failed together do not retry
     * together; a throttled failure waits at least four intervals. Empty when the tries are used up.
     */
    private Optional<Instant> retryAt(Instant now, int failures, SferumException e) {
        if (failures >= maxTries) {
            return Optional.empty();
        }
        long base = retryInterval.toMillis();
        long max = maxRetryInterval.toMillis();
        long wait = base;
        for (int i = 1; i < failures && wait < max; i++) {
            wait *= 2;
        }
        wait = Math.min(wait, max);
        wait -= (long) (wait * 0.25 * random.nextDouble());
        if (e.category() == ErrorCategory.THROTTLED) {
            wait = Math.max(wait, Math.min(max, base * 4));
        }
        return Optional.of(now.plusMillis(Math.max(1, wait)));
    }

    private Lesson giveUpUnknownStart(Lesson l, String step, SferumException e) {
        Lesson failed = l.failed("calls.start may have started a call (" + e.getMessage() + ") and VK lists no calls; "
                + "startAgainAfterUnknownOutcome is off, so no second call was started: check the VK interface and start the lesson by hand");
        store.save(failed);
        listener.failed(failed, step, e, false);
        return failed;
    }

    private Lesson startCall(Lesson l, Instant now) {
        Lesson starting = l.with(LessonState.STARTING);
        store.save(starting);
        try {
            StartedCall call = calls.start(r -> {
                if (groupId > 0) {
                    r.groupId(groupId);
                }
            });
            Lesson started = starting.started(call);
            store.save(started);
            log.debug("started {}", started);
            listener.started(started);
            return started;
        } catch (SferumException e) {
            boolean unknown = e.category() == ErrorCategory.OUTCOME_UNKNOWN;
            if (unknown && !startAgainAfterUnknown) {
                return giveUpUnknownStart(starting.stepFailed(e.getMessage(), null, LessonState.FAILED, true), "start", e);
            }
            if (unknown) {
                log.warn("lesson {}: calls.start's outcome is unknown ({}); VK lists no calls, so a call may be left running; "
                        + "starting again on the next try", l.id(), e.getMessage());
            }
            Instant retry = mayPass(e) ? retryAt(now, l.stepFailures() + 1, e).filter(t -> t.isBefore(l.endsAt())).orElse(null) : null;
            Lesson failed = starting.stepFailed(e.getMessage() + (retry == null && mayPass(e) ? "; gave up after " + (l.stepFailures() + 1)
                    + " tries" : ""), retry, LessonState.FAILED, unknown);
            store.save(failed);
            log.debug("starting {} failed ({}); retry at {}", l.id(), e.category(), retry);
            listener.failed(failed, "start", e, retry != null);
            return failed;
        }
    }

    private Lesson announce(Lesson l, Instant now) {
        try {
            if (l.stepFailures() > 0) {
                // An earlier post failed, perhaps after the chat got it: look before posting again.
                Optional<Message> found = postedAnnouncement(l);
                if (found.isPresent()) {
                    Lesson announced = l.announced(numericId(found.get().ref()));
                    store.save(announced);
                    log.debug("lesson {}: the join link was already in the chat; not posted again", l.id());
                    listener.announcementFound(announced);
                    listener.announced(announced);
                    return announced;
                }
            }
            // The lesson's fixed key makes the post idempotent: VK sends it as random_id, MAX as its delivery marker.
            SendResult sent = chats.send(SendRequest.builder().peer(l.classChat()).text(announcement.apply(l))
                    .idempotencyKey(l.announceRandomId()).build());
            if (!sent.complete()) {
                throw sent.failed().get(0).error();
            }
            Lesson announced = l.announced(sent.messages().stream().findFirst().map(LessonScheduler::numericId).orElse(0L));
            store.save(announced);
            listener.announced(announced);
            return announced;
        } catch (SferumException e) {
            Instant retry = mayPass(e) ? retryAt(now, l.stepFailures() + 1, e).filter(t -> t.isBefore(l.endsAt())).orElse(null) : null;
            Lesson failed = l.stepFailed(e.getMessage() + (retry == null ? "; the join link was not posted: share it with the class by hand" : ""),
                    retry, LessonState.UNANNOUNCED, false);
            store.save(failed);
            log.debug("posting the link of {} failed ({}); retry at {}", l.id(), e.category(), retry);
            listener.failed(failed, "announce", e, retry != null);
            return failed;
        }
    }

    /** The announcement in the chat's newest messages, by its key (VK) or its join link from the acting account. */
    private Optional<Message> postedAnnouncement(Lesson l) {
        Iterator<Page<Message>> pages = chats.history(r -> r.peer(l.classChat()).pageSize(READ_BACK_MESSAGES)).pages().iterator();
        if (!pages.hasNext()) {
            return Optional.empty();
        }
        PeerId actor = chats.actor();
        return pages.next().items().stream().filter(m -> m.randomId() == l.announceRandomId()
                || (m.from().equals(actor) && l.joinLink() != null && m.text().contains(l.joinLink()))).findFirst();
    }

    /** The message's number where the backend gives one (VK); 0 for backends that name messages by string (MAX). */
    private static long numericId(MessageRef message) {
        return message.messageId().orElse(message.conversationMessageId().orElse(0));
    }

    private Lesson finish(Lesson l, Instant now) {
        try {
            if (l.call().filter(CallId::finishable).isPresent()) {
                calls.finish(l.call().get());
            } else {
                log.warn("lesson {}: VK gave no call id calls.forceFinish takes; the call's organizer ends it in VK", l.id());
            }
            Lesson finished = l.finished();
            store.save(finished);
            listener.finished(finished);
            return finished;
        } catch (SferumException e) {
            Instant retry = mayPass(e) ? retryAt(now, l.stepFailures() + 1, e).orElse(null) : null;
            Lesson failed = l.stepFailed(e.getMessage() + (retry == null ? "; the call " + l.callId() + " may still run: its organizer "
                    + "ends it in VK" : ""), retry, LessonState.FAILED, false);
            store.save(failed);
            log.debug("finishing the call of {} failed ({}); retry at {}", l.id(), e.category(), retry);
            listener.failed(failed, "finish", e, retry != null);
            return failed;
        }
    }

    /** Builds a {@link LessonScheduler}. Not thread-safe. */
    public static final class Builder {
        private CallClient calls;
        private ChatClient chats;
        private ScheduleStore store = ScheduleStore.inMemory();
        private Clock clock = Clock.systemUTC();
        private ZoneId zone;
        private Duration leadTime = Duration.ofMinutes(5);
        private Duration retryInterval = Duration.ofSeconds(30);
        private Duration maxRetryInterval = Duration.ofMinutes(4);
        private int maxTries = 8;
        private boolean startAgainAfterUnknown = true;
        private long groupId;
        private boolean verifyChats = true;
        private Function<Lesson, String> announcement;
        private LessonListener listener = new LessonListener() {
        };

        private Builder() {
        }

        /**
         * Sets the call client that starts and finishes calls.
         *
         * @param calls starts and finishes calls; needs a user token (a teacher or a school admin)
         * @return this builder
         */
        public Builder calls(CallClient calls) {
            this.calls = Objects.requireNonNull(calls, "calls");
            return this;
        }

        /**
         * Sets the chat client that posts the join links to class chats.
         *
         * @param chats posts the join links to class chats: any backend's client (on VK usually the community's,
         *     sdk-vk's {@code VkChats.client(communityApi, ChatActor.of(communityToken))}; on MAX the bot's
         *     {@code MaxChats}), so a lesson started with a VK user token can announce itself in a MAX class chat
         * @return this builder
         */
        public Builder chats(ChatClient chats) {
            this.chats = Objects.requireNonNull(chats, "chats");
            return this;
        }

        /**
         * Sets where the timetable lives.
         *
         * @param store where the timetable lives; default in memory. Use a file or database store to survive restarts.
         * @return this builder
         */
        public Builder store(ScheduleStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the time the timetable runs on.
         *
         * @param clock the time the timetable runs on; default UTC system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the time zone for times in announcements.
         *
         * @param zone the time zone for times in announcements; default the clock's zone
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * Sets how long before a lesson its call starts and its link is posted.
         *
         * @param lead how long before a lesson its call starts and its link is posted; zero or more. Default 5 minutes.
         * @return this builder
         */
        public Builder leadTime(Duration lead) {
            if (lead.isNegative()) {
                throw new IllegalArgumentException("leadTime must not be negative: " + lead);
            }
            this.leadTime = lead;
            return this;
        }

        /**
         * Sets how long to wait before trying a failed step (start, post, finish) again the first time.
         *
         * @param interval how long to wait before trying a failed step (start, post, finish) again the first time;
         *     each further failure doubles it, up to {@link #maxRetryInterval(Duration)}. Positive. Default 30 s.
         * @return this builder
         */
        public Builder retryInterval(Duration interval) {
            this.retryInterval = Require.positive(interval, "retryInterval");
            return this;
        }

        /**
         * Sets the longest back-off between two tries of a step.
         *
         * @param interval the longest back-off between two tries of a step; at least {@link #retryInterval(Duration)}
         *     (a smaller value is raised to it). Default 4 minutes: a start that fails at the lead time still gets
         *     several tries before the lesson begins.
         * @return this builder
         */
        public Builder maxRetryInterval(Duration interval) {
            this.maxRetryInterval = Require.positive(interval, "maxRetryInterval");
            return this;
        }

        /**
         * Sets how many times one step of a lesson (start the call, post the link, finish the call) is tried.
         *
         * @param tries how many times one step of a lesson (start the call, post the link, finish the call) is tried
         *     through failures that may pass before it is given up and reported; at least 1. Default 8. A start or
         *     post is also given up when its next try would come after the lesson's end.
         * @return this builder
         */
        public Builder maxTries(int tries) {
            this.maxTries = Require.atLeast(tries, 1, "maxTries");
            return this;
        }

        /**
         * Sets whether a lesson whose start had an unknown outcome is started again.
         *
         * @param startAgain whether a lesson whose {@code calls.start} had an unknown outcome (a lost answer, an
         *     internal error, the process dying while starting) is started again. Default true: the lesson happens,
         *     and only the call whose link the scheduler got is announced, but the other call, if VK made one, is left
         *     running (VK lists no calls, so it cannot be found or finished). With false, such a lesson is given up
         *     ({@link LessonState#FAILED}, reported) and a person starts it: never two calls for one lesson.
         * @return this builder
         */
        public Builder startAgainAfterUnknownOutcome(boolean startAgain) {
            this.startAgainAfterUnknown = startAgain;
            return this;
        }

        /**
         * Sets the community the calls are started on behalf of.
         *
         * @param groupId start calls on behalf of this community (the user must manage it); default none
         * @return this builder
         */
        public Builder groupId(long groupId) {
            this.groupId = Require.positive(groupId, "groupId");
            return this;
        }

        /**
         * Sets whether {@code schedule} checks that the chats client can post to the chat.
         *
         * @param verify whether {@code schedule} checks that the chats client can post to the chat; default true
         * @return this builder
         */
        public Builder verifyChats(boolean verify) {
            this.verifyChats = verify;
            return this;
        }

        /**
         * Sets the announcement for a lesson (it has its join link by then).
         *
         * @param text the announcement for a lesson (it has its join link by then); default a Russian sentence
         *     with title, start time and link
         * @return this builder
         */
        public Builder announcement(Function<Lesson, String> text) {
            this.announcement = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * Sets the listener that hears starts, announcements, finishes and failures.
         *
         * @param listener hears starts, announcements, finishes and failures
         * @return this builder
         */
        public Builder listener(LessonListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the scheduler.
         *
         * @return the scheduler
         * @throws IllegalStateException without a calls or chats client
         */
        public LessonScheduler build() {
            if (calls == null || chats == null) {
                throw new IllegalStateException("a LessonScheduler needs calls(CallClient) to start calls and chats(ChatClient) to post links");
            }
            return new LessonScheduler(this);
        }
    }
}
