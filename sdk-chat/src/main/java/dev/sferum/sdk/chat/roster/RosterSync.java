package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.chat.Chat;
import dev.sferum.sdk.chat.ChatAccessException;
import dev.sferum.sdk.chat.ChatCapabilities;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.ChatMember;
import dev.sferum.sdk.chat.ChatNotFoundException;
import dev.sferum.sdk.chat.ChatState;
import dev.sferum.sdk.chat.ChatUnsupportedException;
import dev.sferum.sdk.chat.Conversation;
import dev.sferum.sdk.chat.ConversationsRequest;
import dev.sferum.sdk.chat.CreateChatResult;
import dev.sferum.sdk.chat.InviteLink;
import dev.sferum.sdk.chat.MemberChangeResult;
import dev.sferum.sdk.chat.MembersRequest;
import dev.sferum.sdk.chat.NotChatAdminException;
import dev.sferum.sdk.chat.Page;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.chat.UnsupportedChatOperationException;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Keeps one chat per school class in step with the school's roster: {@link #plan(Roster)} computes the minimal
 * changes, {@link #apply(RosterPlan, RosterProgressListener)} makes them, resumably.
 *
 * <pre>{@code
 * RosterSync sync = RosterSync.builder()
 *         .chats(chatClient)
 *         .mappings(ChatMappingStore.file(Path.of("/var/lib/school-bot/chats.json")))
 *         .build();
 * RosterPlan plan = sync.plan(roster);
 * log.info("{} calls, about {} min", plan.apiCalls(), plan.estimatedDuration().toMinutes());
 * RosterApplyResult result = sync.apply(plan, progress);
 * result.invites().forEach(i -> journal.send(i.users(), i.link().url()));
 * }</pre>
 *
 * <p><b>Planning</b> reads what exists: the {@link ChatMappingStore} (class id to chat), the mapped chats' titles
 * and states, and their members. It plans creations for unmapped classes, renames for changed titles, additions for
 * missing members (or invitations, when the account cannot add members: a VK community token), removals of
 * members the roster does not list (never the chat's owner, a community, the acting account
 * ({@link ChatClient#actor()}, noted when the roster lacks it), or a {@link RosterSyncConfig#keep() kept} user), and,
 * for classes that left the roster, what {@link RosterSyncConfig#retiredClasses()} says.
 *
 * <p><b>Backends that cannot create chats</b> ({@code capabilities().canCreateChats()} is false: a MAX bot works
 * only in chats people add it to) get a {@link RosterStep.LinkChat} instead of a creation: the class is linked to the
 * one chat the acting account is in (read from {@link ChatClient#conversations}) whose title is the class's title
 * and which no other class maps to, and the same plan syncs its title and members. With no such chat, or several,
 * there is no step but a note saying what a person must do: add the bot to the class chat as an admin, or record
 * the right chat with {@link ChatMappingStore#recordChat}. Applying records the link after re-checking it; a run
 * that dies before the record leaves nothing to undo, and the next plan links the class again.
 *
 * <p><b>Applying</b> runs the steps in plan order on the calling thread, or, with
 * {@link RosterSyncConfig#concurrency()} above 1, several classes at once (each class's steps still in order, on one
 * thread; the rate budget still bounds what VK sees), and re-checks each step against the present state:
 * a member already added or already gone counts as done, a chat already created by an earlier run is not created
 * again, a step whose class now maps to another chat is skipped. Refusals that concern one member (a Sferum roster
 * error, a user who forbids messages) are recorded and the step goes on; refusals that concern the chat (not an
 * admin, no access) fail the step and the apply goes on. Failures that may pass (the network, VK's internal errors,
 * throttling, an unknown outcome) are tried again later in the same run, with back-off, while other classes go on;
 * a creation whose outcome is unknown is first looked for among the account's conversations, so it is never made
 * twice. Only what going on cannot help stops the apply early: the token, a captcha, the service down, the apply's
 * deadline (see {@link #apply(RosterPlan, RosterProgressListener)}); the result says per class what happened.
 *
 * <p><b>Resuming after a crash.</b> Before creating a chat the sync writes a {@link CreateIntent} (request id,
 * title, time) to the mapping store, and after it the chat. If a run dies in between, the next plan marks the class
 * {@code resume}, and applying looks through the account's conversations (up to
 * {@link RosterSyncConfig#reconcileScanLimit()}, active since the intent minus {@link RosterSyncConfig#clockSkew()})
 * for a chat with exactly that title not mapped to another class. One found: it is adopted. None: the chat is
 * created. Several: the step fails with a {@code CONFLICT} asking a person to record the right one. So a chat is
 * never lost and never created twice, provided the store is durable, titles are unique among the account's
 * unmapped chats (the {@link Roster} makes them unique among classes), and the new chat shows among the account's
 * conversations. Members are re-read on every plan, so none is lost either.
 *
 * <p>Roster sync is sync-only by design: it is a long, rate-bound batch job; {@code apply} blocks until it is over
 * (with concurrency, on threads of its own that end with it). Run it on a thread of your own if your application
 * is asynchronous. Thread-safe, but run one plan or apply at a time per mapping store.
 *
 * @since 0.1.0
 */
public final class RosterSync {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.chat.roster");
    private static final int CHATS_PER_READ = 100;

    private final ChatClient chats;
    private final ChatMappingStore mappings;
    private final RosterSyncConfig config;
    private final Clock clock;
    private final TimeSource time;

    private RosterSync(Builder b) {
        this.chats = b.chats;
        this.mappings = b.mappings;
        this.config = b.config;
        this.clock = b.clock;
        this.time = b.time;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the configuration} */
    public RosterSyncConfig config() {
        return config;
    }

    // ---- plan ----------------------------------------------------------------------------------------------

    /**
     * Computes the minimal changes that bring the chats in line with {@code roster}. Reads only.
     *
     * @param roster the desired state
     * @return the plan
     * @throws SferumException if reading the present state fails
     */
    public RosterPlan plan(Roster roster) {
        Objects.requireNonNull(roster, "roster");
        Planning p = new Planning(chats.capabilities());
        Map<String, ChatMapping> mapped = new HashMap<>();
        for (ChatMapping m : mappings.all()) {
            mapped.put(m.classId(), m);
        }
        List<PeerId> peers = new ArrayList<>();
        for (ChatMapping m : mappings.all()) {
            m.chat().ifPresent(peers::add);
        }
        Map<PeerId, Chat> existing = new HashMap<>();
        if (!peers.isEmpty()) {
            for (Chat c : chats.chats(peers)) {
                existing.put(c.peer(), c);
            }
            p.reads += (peers.size() + CHATS_PER_READ - 1) / CHATS_PER_READ;
        }
        for (RosterClass c : roster.classes()) {
            ChatMapping m = mapped.get(c.classId());
            List<UserId> desired = List.copyOf(c.members());
            if (m == null || m.chat().isEmpty()) {
                if (p.caps.canCreateChats()) {
                    p.creates.add(new RosterStep.CreateChat(c.classId(), c.title(), desired, m != null && m.pendingCreate().isPresent()));
                } else {
                    link(p, c, peers);
                }
                continue;
            }
            PeerId peer = m.chat().get();
            Chat chat = existing.get(peer);
            if (chat == null) {
                if (p.caps.canCreateChats()) {
                    p.notes.add("the chat of class " + c.classId() + " (" + peer + ") is not visible to this account any more; a new "
                            + "chat will be created");
                    p.creates.add(new RosterStep.CreateChat(c.classId(), c.title(), desired, false));
                } else {
                    p.notes.add("the chat of class " + c.classId() + " (" + peer + ") is not visible to this account any more, and "
                            + p.caps.backend() + " cannot create chats; add the bot back to it as an admin, or remove the class with "
                            + "ChatMappingStore.remove(\"" + c.classId() + "\") so that the next plan links the chat titled \""
                            + c.title() + "\", then plan again");
                }
                continue;
            }
            if (chat.state() != ChatState.IN) {
                p.notes.add("this account is no longer in the chat of class " + c.classId() + " (" + peer + ", " + chat.state()
                        + "); add it back to the chat (as an admin), then plan again");
                continue;
            }
            syncChat(p, c, chat);
        }
        for (ChatMapping m : mappings.all()) {
            if (roster.find(m.classId()).isPresent()) {
                continue;
            }
            if (m.chat().isEmpty()) {
                p.notes.add("class " + m.classId() + " left the roster while creating its chat was unfinished; check the account's "
                        + "chats for one titled \"" + m.pendingCreate().map(CreateIntent::title).orElse("") + "\", then remove the "
                        + "class from the mapping store");
                continue;
            }
            PeerId peer = m.chat().get();
            if (config.retiredClasses() == RosterSyncConfig.Retired.KEEP) {
                p.notes.add("class " + m.classId() + " is not in the roster; its chat " + peer + " is kept as it is");
                continue;
            }
            Chat chat = existing.get(peer);
            List<PeerId> extra = chat == null || chat.state() != ChatState.IN ? List.of()
                    : removable(p, readMembers(peer, p), chat, Set.of(), null);
            p.retires.add(new RosterStep.RetireClass(m.classId(), peer, extra));
        }
        if (!p.links.isEmpty()) {
            p.notes.add(p.caps.backend() + " cannot create chats, so " + p.links.size() + " classes are linked to the existing chat "
                    + "with their title that this account is in (LinkChat steps)");
        }
        if (!p.actorKeptIn.isEmpty()) {
            List<String> named = p.actorKeptIn.subList(0, Math.min(10, p.actorKeptIn.size()));
            p.notes.add("the acting account " + p.actor + " is in the chats of " + p.actorKeptIn.size() + " classes but not in their "
                    + "roster (" + String.join(", ", named) + (named.size() < p.actorKeptIn.size() ? ", …" : "")
                    + "); roster sync never removes it");
        }
        if (p.invitedUsers > 0) {
            p.notes.add("adding members needs a user token (VK messages.addChatUser), so " + p.invitedUsers + " users of "
                    + p.invitedClasses + " classes get the chat's invite link instead" + (config.inviteMessage().isPresent()
                    ? ", sent to them as a message (users who do not allow messages from the community are reported)"
                    : "; deliver it through your own channel (the school journal): apply reports it per class"));
        }
        List<RosterStep> steps = new ArrayList<>(p.creates);
        steps.addAll(p.links);
        steps.addAll(p.renames);
        steps.addAll(p.adds);
        steps.addAll(p.removes);
        steps.addAll(p.retires);
        int calls = steps.stream().mapToInt(RosterStep::apiCalls).sum();
        RosterPace pace = RosterPace.of(chats, config);
        double rate = pace.requestsPerSecond();
        Duration estimate = pace.estimate(calls);
        log.debug("roster plan: {} classes, {} steps, {} calls (about {} s at {}/s), {} read calls", roster.classes().size(),
                steps.size(), calls, estimate.toSeconds(), rate, p.reads);
        return new RosterPlan(steps, p.notes, calls, p.reads, rate, estimate);
    }

    /**
     * A class without a chat on a backend that cannot create chats: plans linking it to the one chat the account is
     * in whose title is the class's, and no other class maps to; otherwise notes what a person must do.
     */
    private void link(Planning p, RosterClass c, List<PeerId> mapped) {
        if (p.byTitle == null) {
            Set<PeerId> taken = new HashSet<>(mapped);
            p.byTitle = new HashMap<>();
            for (Page<Conversation> page : chats.conversations(ConversationsRequest.builder()
                    .pageSize(ConversationsRequest.MAX_PAGE_SIZE).build()).pages()) {
                p.reads++;
                for (Conversation conv : page.items()) {
                    conv.chat().filter(chat -> chat.state() == ChatState.IN && !taken.contains(chat.peer()))
                            .ifPresent(chat -> p.byTitle.computeIfAbsent(chat.title().strip(), t -> new ArrayList<>()).add(chat));
                }
            }
        }
        List<Chat> found = p.byTitle.getOrDefault(c.title(), List.of());
        if (found.size() == 1) {
            Chat chat = found.get(0);
            p.links.add(new RosterStep.LinkChat(c.classId(), chat.peer(), chat.title()));
            syncChat(p, c, chat);
        } else if (found.isEmpty()) {
            p.notes.add("class " + c.classId() + ": no chat titled \"" + c.title() + "\" has this account in it, and " + p.caps.backend()
                    + " cannot create chats; add the bot to the class chat as an admin (the chat Sferum made, or a new one with "
                    + "that title), then plan again");
        } else {
            p.notes.add("class " + c.classId() + ": several chats have this title (" + found.size() + " titled \"" + c.title()
                    + "\": " + found.stream().map(Chat::peer).sorted().toList() + "); record the right one with the mapping store, "
                    + "ChatMappingStore.recordChat(\"" + c.classId() + "\", chat), then plan again");
        }
    }

    /** Plans the rename and the member changes of a class's chat (mapped, or about to be linked). */
    private void syncChat(Planning p, RosterClass c, Chat chat) {
        PeerId peer = chat.peer();
        List<UserId> desired = List.copyOf(c.members());
        if (!chat.title().equals(c.title())) {
            p.renames.add(new RosterStep.RenameChat(c.classId(), peer, chat.title(), c.title()));
        }
        List<ChatMember> members = readMembers(peer, p);
        Set<UserId> present = new HashSet<>();
        for (ChatMember member : members) {
            member.user().ifPresent(present::add);
        }
        List<UserId> missing = desired.stream().filter(u -> !present.contains(u)).toList();
        if (!missing.isEmpty()) {
            if (p.caps.canAddMembers()) {
                p.adds.add(new RosterStep.AddMembers(c.classId(), peer, missing));
            } else {
                p.adds.add(new RosterStep.InviteMembers(c.classId(), peer, missing, inviteSendCalls(missing.size(), p.caps)));
                p.invitedUsers += missing.size();
                p.invitedClasses++;
            }
        }
        if (config.removeExtraMembers()) {
            List<PeerId> extra = removable(p, members, chat, new HashSet<>(desired), c.classId());
            if (!extra.isEmpty()) {
                p.removes.add(new RosterStep.RemoveMembers(c.classId(), peer, extra));
            }
        }
    }

    private int inviteSendCalls(int users, ChatCapabilities caps) {
        if (config.inviteMessage().isEmpty()) {
            return 0;
        }
        return (users + caps.maxPeersPerCall() - 1) / caps.maxPeersPerCall();
    }

    private List<ChatMember> readMembers(PeerId chat, Planning p) {
        List<ChatMember> out = new ArrayList<>();
        for (Page<ChatMember> page : chats.members(MembersRequest.builder().chat(chat).pageSize(MembersRequest.DEFAULT_PAGE_SIZE).build()).pages()) {
            p.reads++;
            out.addAll(page.items());
        }
        return out;
    }

    /**
     * Members the roster does not want: never a community, the chat's owner, a kept user or the acting account.
     *
     * @param classId the roster class, to note that the acting account stays although not listed; {@code null} for a
     *     retired class
     */
    private List<PeerId> removable(Planning p, List<ChatMember> members, Chat chat, Set<UserId> wanted, String classId) {
        List<PeerId> out = new ArrayList<>();
        for (ChatMember m : members) {
            Optional<UserId> user = m.user();
            if (user.isEmpty() || m.owner() || chat.owner().filter(m.member()::equals).isPresent()) {
                continue;
            }
            if (wanted.contains(user.get()) || config.keep().contains(user.get())) {
                continue;
            }
            if (m.member().equals(p.actor())) {
                if (classId != null) {
                    p.actorKeptIn.add(classId);
                }
                continue;
            }
            out.add(m.member());
        }
        return out;
    }

    /** The state of one {@link #plan(Roster)} call; confined to the planning thread. */
    private final class Planning {
        final ChatCapabilities caps;
        final List<RosterStep> creates = new ArrayList<>();
        final List<RosterStep> links = new ArrayList<>();
        final List<RosterStep> renames = new ArrayList<>();
        final List<RosterStep> adds = new ArrayList<>();
        final List<RosterStep> removes = new ArrayList<>();
        final List<RosterStep> retires = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<String> actorKeptIn = new ArrayList<>();
        /** Chats the account is in that no class maps to, by title; read once, when a class needs a link. */
        Map<String, List<Chat>> byTitle;
        PeerId actor;
        int reads;
        int invitedUsers;
        int invitedClasses;

        Planning(ChatCapabilities caps) {
            this.caps = caps;
        }

        /** The acting account, asked of the client once per plan, when a removal is first considered. */
        PeerId actor() {
            if (actor == null) {
                actor = chats.actor();
            }
            return actor;
        }
    }

    // ---- apply ---------------------------------------------------------------------------------------------

    /**
     * Applies a plan without progress reports.
     *
     * @param plan the plan
     * @return what happened, per step and per class, and why the apply stopped early if it did
     */
    public RosterApplyResult apply(RosterPlan plan) {
        return apply(plan, RosterProgressListener.NONE);
    }

    /**
     * Applies a plan, telling {@code listener} of each step, retry and reconciliation, and going on past failures
     * that may pass, so that one run finishes.
     *
     * <p><b>Order.</b> With {@link RosterSyncConfig#concurrency()} 1 (the default) the steps run in plan order on
     * the calling thread. With more, that many threads of the apply's own each take a class and run its steps in
     * plan order; the listener is then called from those threads, one call at a time, and steps of different
     * classes finish in any order ({@code index} is the step's place in the plan; the result lists steps in plan
     * order).
     *
     * <p><b>Failures that may pass</b> (the network, VK's internal errors 1 and 10, HTTP 5xx, throttling, a write
     * whose outcome is unknown) put the class aside: it is tried again after a back-off
     * ({@link RosterSyncConfig#retryBackoff}), while the other classes go on (with concurrency) or after them, at
     * most {@link RosterSyncConfig#maxTriesPerClass()} times. A try resumes at the step that failed; members already
     * handled are not touched again. A creation whose outcome is unknown is never repeated blindly: the next try
     * reads the account's conversations back first, as a resumed run does, adopts the chat if it is there, and
     * creates one only when the read shows it is not. Member changes are safe to repeat (an added member counts as
     * done).
     *
     * <p><b>Stops.</b> The apply stops early only when going on cannot help: the token is invalid or revoked, the
     * backend wants a person (a captcha), {@link RosterSyncConfig#circuitBreakerThreshold()} calls in a row failed
     * across classes (the service is down), or {@link RosterSyncConfig#deadline()} passed. Steps already running
     * finish, no new one starts, and the result's {@link RosterApplyResult#stop()} says why; classes not finished
     * are {@link ClassStatus#STOPPED}. Everything done is recorded (the mapping store, intents of creations in
     * flight), so planning and applying again resumes. Interrupting the calling thread stops the same way
     * ({@link RosterStop.Reason#INTERRUPTED}) and keeps the thread's interrupt flag.
     *
     * @param plan the plan (best applied soon after planning; each step re-checks what it can)
     * @param listener told of each step; an exception it throws stops the apply at once and propagates
     * @return what happened, per step and per class
     */
    public RosterApplyResult apply(RosterPlan plan, RosterProgressListener listener) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(listener, "listener");
        int threads = RosterPace.of(chats, config).threads();
        Readback readback = new Readback(time.nanoTime());
        return new ApplyRun(plan.steps(), listener, w -> run(w, readback), config, time).run(threads);
    }

    /**
     * The account's conversations as last read back in one apply, shared by the reconciliations of all its classes:
     * after a burst of lost answers, one read serves every class whose unknown create is at least the shortest retry
     * pause old when the read starts — the same wait each class's own read would have had — instead of each reading
     * up to {@link RosterSyncConfig#reconcileScanLimit()} conversations again. Reads are made one at a time; a class
     * that needs a newer read than the last makes it.
     */
    private final class Readback {
        /** Monotonic times of the run's {@link TimeSource}, the one its retry waits run on. */
        private final long applyStart;
        private long takenAt;
        private List<Conversation> items;

        Readback(long applyStart) {
            this.applyStart = applyStart;
        }

        /** {@return conversations read back starting no earlier than {@code notBefore} (a {@link TimeSource#nanoTime()})} */
        synchronized List<Conversation> since(long notBefore, StepWork w) {
            if (items != null && takenAt - notBefore >= 0) {
                return items;
            }
            long start = time.nanoTime();
            List<Conversation> read = new ArrayList<>();
            for (Page<Conversation> page : chats.conversations(ConversationsRequest.builder()
                    .pageSize(ConversationsRequest.MAX_PAGE_SIZE).build()).pages()) {
                w.call();
                read.addAll(page.items());
                if (read.size() >= config.reconcileScanLimit()) {
                    break;
                }
            }
            takenAt = start;
            items = List.copyOf(read);
            return items;
        }
    }

    /** One try of a step: refusals are recorded on it; failures that may pass, and stops, are thrown to the run. */
    private void run(StepWork w, Readback readback) {
        RosterStep step = w.step;
        try {
            if (step instanceof RosterStep.CreateChat s) {
                create(w, s, readback);
            } else if (step instanceof RosterStep.LinkChat s) {
                link(w, s);
            } else if (step instanceof RosterStep.RenameChat s) {
                if (sameChat(w, s.chat())) {
                    w.call();
                    chats.renameChat(s.chat(), s.to());
                    w.changed = true;
                }
            } else if (step instanceof RosterStep.AddMembers s) {
                if (sameChat(w, s.chat())) {
                    add(w, s.chat(), s.users());
                }
            } else if (step instanceof RosterStep.InviteMembers s) {
                if (sameChat(w, s.chat())) {
                    invite(w, s.chat(), s.users());
                }
            } else if (step instanceof RosterStep.RemoveMembers s) {
                if (sameChat(w, s.chat())) {
                    remove(w, s.chat(), s.members());
                }
            } else if (step instanceof RosterStep.RetireClass s) {
                if (sameChat(w, s.chat())) {
                    remove(w, s.chat(), s.members());
                    if (w.failures.isEmpty()) {
                        mappings.remove(s.classId());
                        w.changed = true;
                    }
                }
            }
        } catch (SferumException e) {
            if (notARefusal(e)) {
                throw e;
            }
            w.error = e;
        }
    }

    /**
     * Failures that may pass (retried later in the same run) and failures that stop the apply (the token, a
     * person's check) go to the run; refusals are recorded on the step.
     */
    private static boolean notARefusal(SferumException e) {
        return switch (e.category()) {
            case TRANSIENT, THROTTLED, TOKEN, OUTCOME_UNKNOWN, NEEDS_HUMAN -> true;
            case PERMISSION, INVALID_INPUT, NOT_FOUND, CONFLICT, NOT_SUPPORTED -> false;
        };
    }

    /** Whether the class still maps to {@code planned}; otherwise the step is skipped. */
    private boolean sameChat(StepWork w, PeerId planned) {
        w.chat = planned;
        Optional<PeerId> now = mappings.find(w.step.classId()).flatMap(ChatMapping::chat);
        if (now.isPresent() && now.get().equals(planned)) {
            return true;
        }
        w.skipped = true;
        log.debug("class {}: its chat is now {}, not {} as planned; skipping the step", w.step.classId(), now.orElse(null), planned);
        return false;
    }

    /** Refusals that concern the whole chat, not one member: the step stops there. */
    private static boolean chatLevel(SferumException e) {
        return e instanceof NotChatAdminException || e instanceof ChatAccessException || e instanceof ChatNotFoundException
                || e instanceof ChatUnsupportedException || e instanceof UnsupportedChatOperationException;
    }

    private void create(StepWork w, RosterStep.CreateChat s, Readback readback) {
        Optional<ChatMapping> m = mappings.find(s.classId());
        PeerId chat = m.flatMap(ChatMapping::chat).filter(c -> m.get().pendingCreate().isEmpty()).orElse(null);
        if (chat != null) {
            w.call();
            PeerId mapped = chat;
            boolean usable = chats.chats(List.of(mapped)).stream().anyMatch(c -> c.state() == ChatState.IN);
            if (!usable) {
                log.debug("class {}: its chat {} is gone for this account; creating a new one", s.classId(), mapped);
                chat = null;
            }
        }
        Set<UserId> reported = new HashSet<>();
        if (chat == null && m.isPresent() && m.get().pendingCreate().isPresent()) {
            // A create of this apply whose outcome was unknown is read back no sooner than the shortest retry pause after
            // it failed (a create still landing on the server shows by then); one of an earlier run, by any read of this one.
            long notBefore = w.createUnknown ? w.unknownAtNanos + config.retryBackoff().toNanos() / 2 : readback.applyStart;
            chat = reconcile(s.classId(), m.get().pendingCreate().get(), readback.since(notBefore, w));
            w.reconciliations++;
            if (chat != null) {
                mappings.recordChat(s.classId(), chat);
                w.changed = true;
                log.debug("class {}: adopted {}, created by a try whose outcome was unknown", s.classId(), chat);
            } else {
                log.debug("class {}: no chat of a try whose outcome was unknown; creating it", s.classId());
            }
            w.reconciled.accept(Optional.ofNullable(chat));
        }
        if (chat == null) {
            CreateIntent intent = new CreateIntent(UUID.randomUUID().toString(), s.title(), clock.instant());
            mappings.recordIntent(s.classId(), intent);
            CreateChatResult created;
            try {
                w.call();
                created = chats.createChat(r -> r.title(s.title()).members(s.members()));
            } catch (SferumException e) {
                if (!notARefusal(e)) {
                    forgetIntent(s.classId());
                } else {
                    w.createUnknown = true;
                    w.unknownAtNanos = time.nanoTime();
                }
                // a failure that may pass keeps the intent: the chat may exist, so the next try reads back first
                throw e;
            }
            mappings.recordChat(s.classId(), created.chat());
            chat = created.chat();
            w.changed = true;
            for (PeerId p : created.addedPeers()) {
                if (p.isUser()) {
                    reported.add(UserId.of(p.id()));
                }
            }
            log.debug("class {}: created {}", s.classId(), chat);
        }
        w.chat = chat;
        List<UserId> missing;
        if (reported.containsAll(s.members())) {
            missing = List.of();
        } else {
            Set<UserId> present = new HashSet<>();
            for (Page<ChatMember> page : chats.members(MembersRequest.of(chat)).pages()) {
                w.call();
                page.items().forEach(member -> member.user().ifPresent(present::add));
            }
            missing = s.members().stream().filter(u -> !present.contains(u)).toList();
        }
        if (!missing.isEmpty()) {
            if (chats.capabilities().canAddMembers()) {
                add(w, chat, missing);
            } else {
                invite(w, chat, missing);
            }
        }
    }

    /**
     * Records a planned link, after re-checking: a class already linked to this chat is done, one now mapped to another
     * chat is skipped; a chat another class took meanwhile, or one the account left or that was renamed, fails the step
     * (plan again). A crash before the record leaves nothing behind: the next plan links the class again.
     */
    private void link(StepWork w, RosterStep.LinkChat s) {
        w.chat = s.chat();
        Optional<PeerId> now = mappings.find(s.classId()).flatMap(ChatMapping::chat);
        if (now.isPresent()) {
            if (!now.get().equals(s.chat())) {
                w.skipped = true;
                log.debug("class {}: it now maps to {}, not {} as planned; skipping the link", s.classId(), now.get(), s.chat());
            }
            return;
        }
        for (ChatMapping other : mappings.all()) {
            if (!other.classId().equals(s.classId()) && other.chat().filter(s.chat()::equals).isPresent()) {
                throw new SferumException(ErrorCategory.CONFLICT, null, "class " + s.classId() + ": chat " + s.chat() + " is now "
                        + "the chat of class " + other.classId(), "plan again; if both classes should share it, they cannot: "
                        + "give one its own chat and add the bot to it", null);
            }
        }
        w.call();
        Optional<Chat> chat = chats.chats(List.of(s.chat())).stream().filter(c -> c.peer().equals(s.chat())).findFirst();
        if (chat.isEmpty() || chat.get().state() != ChatState.IN) {
            throw new SferumException(ErrorCategory.NOT_FOUND, null, "class " + s.classId() + ": this account is no longer in chat "
                    + s.chat() + ", planned as its chat", "add the bot to the class chat as an admin, then plan again", null);
        }
        if (!chat.get().title().equals(s.title())) {
            throw new SferumException(ErrorCategory.CONFLICT, null, "class " + s.classId() + ": chat " + s.chat() + " was renamed "
                    + "since the plan was made", "plan again", null);
        }
        mappings.recordChat(s.classId(), s.chat());
        w.changed = true;
        log.debug("class {}: linked to the existing chat {}", s.classId(), s.chat());
    }

    private void forgetIntent(String classId) {
        Optional<ChatMapping> m = mappings.find(classId);
        if (m.isPresent() && m.get().chat().isEmpty()) {
            mappings.remove(classId);
        } else if (m.isPresent()) {
            mappings.recordChat(classId, m.get().chat().get());
        }
    }

    private PeerId reconcile(String classId, CreateIntent intent, List<Conversation> conversations) {
        Set<PeerId> taken = new HashSet<>();
        for (ChatMapping other : mappings.all()) {
            if (!other.classId().equals(classId)) {
                other.chat().ifPresent(taken::add);
            }
        }
        Instant since = intent.at().minus(config.clockSkew());
        Set<PeerId> candidates = new TreeSet<>();
        for (Conversation c : conversations) {
            Optional<Chat> chat = c.chat();
            boolean recent = c.lastMessageAt().map(t -> !t.isBefore(since)).orElse(true);
            if (chat.isPresent() && recent && chat.get().state() == ChatState.IN && chat.get().title().equals(intent.title())
                    && !taken.contains(c.peer())) {
                candidates.add(c.peer());
            }
        }
        if (candidates.size() > 1) {
            throw new SferumException(ErrorCategory.CONFLICT, null, "class " + classId + ": a run that crashed while creating its chat "
                    + "left " + candidates.size() + " chats titled \"" + intent.title() + "\" that no class maps to: " + candidates,
                    "record the right one with ChatMappingStore.recordChat(\"" + classId + "\", chat), remove the others, then plan again",
                    null);
        }
        return candidates.isEmpty() ? null : candidates.iterator().next();
    }

    private void add(StepWork w, PeerId chat, List<UserId> users) {
        for (UserId u : users) {
            if (w.handled.contains(u.peer())) {
                continue;
            }
            try {
                w.call();
                MemberChangeResult r = chats.addMember(a -> a.chat(chat).user(u));
                w.changed |= r.changed();
            } catch (SferumException e) {
                memberFailure(w, u.peer(), e);
            }
            w.handled.add(u.peer());
        }
    }

    private void remove(StepWork w, PeerId chat, List<PeerId> members) {
        for (PeerId member : members) {
            if (w.handled.contains(member)) {
                continue;
            }
            try {
                w.call();
                MemberChangeResult r = chats.removeMember(chat, member);
                w.changed |= r.changed();
            } catch (SferumException e) {
                memberFailure(w, member, e);
            }
            w.handled.add(member);
        }
    }

    private void memberFailure(StepWork w, PeerId member, SferumException e) {
        if (notARefusal(e) || chatLevel(e)) {
            throw e;
        }
        w.failures.add(new MemberFailure(member, e));
    }

    private void invite(StepWork w, PeerId chat, List<UserId> users) {
        w.call();
        InviteLink link = chats.inviteLink(chat);
        List<UserId> messaged = new ArrayList<>();
        Optional<String> text = config.inviteMessage();
        if (text.isPresent()) {
            SendRequest request = SendRequest.builder()
                    .peers(users.stream().map(UserId::peer).toList())
                    .text(text.get() + "\n" + link.url())
                    .idempotencyKey(inviteKey(w.step.classId(), link, users))
                    .build();
            SendResult sent = chats.send(request);
            int calls = sent.parts() * ((users.size() + chats.capabilities().maxPeersPerCall() - 1) / chats.capabilities().maxPeersPerCall());
            for (int i = 0; i < calls; i++) {
                w.call();
            }
            for (var f : sent.failed()) {
                if (notARefusal(f.error())) {
                    // the same request again (same idempotency key) on the next try completes it without doubles
                    throw f.error();
                }
            }
            Set<PeerId> failed = new LinkedHashSet<>();
            sent.failed().forEach(f -> {
                if (failed.add(f.peer())) {
                    w.failures.add(new MemberFailure(f.peer(), f.error()));
                }
            });
            users.stream().filter(u -> !failed.contains(u.peer())).forEach(messaged::add);
        }
        w.invite = new PendingInvite(w.step.classId(), link, users, messaged);
        w.changed = true;
    }

    /**
     * The same invitation (class, link, users) always gets the same idempotency key, so a re-run after a crash does
     * not message anyone twice.
     */
    private static long inviteKey(String classId, InviteLink link, List<UserId> users) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("roster-invite\n" + classId + "\n" + link.url() + "\n").getBytes(StandardCharsets.UTF_8));
            new TreeSet<>(users).forEach(u -> sha.update((u + ",").getBytes(StandardCharsets.UTF_8)));
            byte[] d = sha.digest();
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            v &= Long.MAX_VALUE;
            return v == 0 ? 1 : v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Builds a {@link RosterSync}. Not thread-safe. */
    public static final class Builder {
        private ChatClient chats;
        private ChatMappingStore mappings;
        private RosterSyncConfig config = RosterSyncConfig.defaults();
        private Clock clock = Clock.systemUTC();
        private TimeSource time = TimeSource.system();

        private Builder() {
        }

        /**
         * Sets the chat client to read and change chats with.
         *
         * @param chats the chat client to read and change chats with; required
         * @return this builder
         */
        public Builder chats(ChatClient chats) {
            this.chats = Objects.requireNonNull(chats, "chats");
            return this;
        }

        /**
         * Sets where class-to-chat mappings live.
         *
         * @param mappings where class-to-chat mappings live; required. One store per acting account
         * @return this builder
         */
        public Builder mappings(ChatMappingStore mappings) {
            this.mappings = Objects.requireNonNull(mappings, "mappings");
            return this;
        }

        /**
         * Sets how to plan and apply the sync.
         *
         * @param config how to plan and apply; default {@link RosterSyncConfig#defaults()}
         * @return this builder
         */
        public Builder config(RosterSyncConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Sets the clock that stamps creation intents.
         *
         * @param clock for creation intents; default {@link Clock#systemUTC()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the time source that apply waits on between a class's tries and measures its deadline with.
         *
         * @param time what apply waits on between a class's tries and measures its deadline with; default
         *     {@link TimeSource#system()}. Give the API client's time source in tests that run on virtual time
         * @return this builder
         */
        public Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * Builds the sync.
         *
         * @return the sync
         * @throws IllegalStateException if the chat client or the mapping store is missing
         */
        public RosterSync build() {
            if (chats == null || mappings == null) {
                throw new IllegalStateException("set both chats(ChatClient) and mappings(ChatMappingStore)");
            }
            return new RosterSync(this);
        }
    }
}
