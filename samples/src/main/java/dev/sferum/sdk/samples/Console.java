package dev.sferum.sdk.samples;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.roster.ClassStatus;
import dev.sferum.sdk.chat.roster.PendingInvite;
import dev.sferum.sdk.chat.roster.RosterApplyResult;
import dev.sferum.sdk.chat.roster.RosterPlan;
import dev.sferum.sdk.chat.roster.RosterProgressListener;
import dev.sferum.sdk.chat.roster.RosterStep;
import dev.sferum.sdk.chat.roster.RosterStop;
import dev.sferum.sdk.chat.roster.StepResult;
import dev.sferum.sdk.chat.roster.StepStatus;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.sferum.sdk.core.exception.SferumException;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What the tool prints: tables and a progress bar for people, one JSON document per command with {@code --json}.
 * Pupils appear only as VK ids; tokens never appear.
 */
final class Console {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final PrintStream out;
    final boolean json;
    final ObjectNode doc = JSON.createObjectNode();

    Console(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** @return the document's {@code events} array: what happened as it happened, for {@code --json} */
    ArrayNode events() {
        return doc.has("events") ? (ArrayNode) doc.get("events") : doc.putArray("events");
    }

    void say(String line) {
        if (!json) {
            out.println(line);
        }
    }

    void plan(RosterPlan plan) {
        ObjectNode p = doc.putObject("plan");
        p.put("steps", plan.steps().size());
        p.put("apiCalls", plan.apiCalls());
        p.put("readCalls", plan.readCalls());
        p.put("estimatedSeconds", plan.estimatedDuration().toMillis() / 1000.0);
        ArrayNode steps = p.putArray("items");
        for (RosterStep s : plan.steps()) {
            steps.addObject().put("class", s.classId()).put("action", action(s)).put("people", people(s)).put("calls", s.apiCalls());
        }
        plan.notes().forEach(p.putArray("notes")::add);
        if (json) {
            return;
        }
        if (plan.isEmpty()) {
            out.println("Nothing to change: every class chat matches the roster.");
            return;
        }
        out.printf("%-12s %-24s %8s %6s%n", "class", "action", "people", "calls");
        out.println("-".repeat(53));
        for (RosterStep s : plan.steps()) {
            out.printf("%-12s %-24s %8d %6d%n", s.classId(), action(s), people(s), s.apiCalls());
        }
        out.println("-".repeat(53));
        out.printf(Locale.ROOT, "%d steps, %d API calls, about %.1f s at %.0f requests/s%n", plan.steps().size(), plan.apiCalls(),
                plan.estimatedDuration().toMillis() / 1000.0, plan.requestsPerSecond());
        plan.notes().forEach(n -> out.println("note: " + n));
    }

    /**
     * The progress bar: steps finished of all, the last thing that happened, and the retries and reconciliations so
     * far. With {@code --json} the same events go into the document's {@code events} array instead.
     */
    RosterProgressListener progress() {
        ArrayNode events = events();
        return new RosterProgressListener() {
            private int finished;
            private int retries;
            private int reconciled;

            @Override
            public void stepFinished(RosterStep step, StepResult result, int index, int total) {
                finished++;
                events.addObject().put("event", "step").put("class", step.classId()).put("action", action(step))
                        .put("status", result.status().name().toLowerCase(Locale.ROOT)).put("finished", finished).put("total", total);
                line(step.classId() + ": " + action(step) + " " + result.status().name().toLowerCase(Locale.ROOT), total);
                if (finished == total && !json) {
                    out.println();
                }
            }

            @Override
            public void stepRetrying(RosterStep step, int index, int total, int retry, SferumException cause, Duration after) {
                retries++;
                events.addObject().put("event", "retry").put("class", step.classId()).put("action", action(step)).put("retry", retry)
                        .put("category", cause.category().name()).put("afterMillis", after.toMillis());
                line(step.classId() + ": " + cause.category().name().toLowerCase(Locale.ROOT) + ", retry " + retry + " in "
                        + after.toMillis() + " ms", total);
            }

            @Override
            public void chatReconciled(RosterStep step, int index, int total, Optional<PeerId> adopted) {
                reconciled++;
                events.addObject().put("event", "reconciled").put("class", step.classId()).put("adopted", adopted.isPresent());
                line(step.classId() + ": " + (adopted.isPresent() ? "unknown outcome read back, chat adopted"
                        : "unknown outcome read back, no chat, creating"), total);
            }

            @Override
            public void applyStopped(RosterStop stop) {
                events.addObject().put("event", "stopped").put("reason", stop.reason().name()).put("message", stop.message());
                if (!json) {
                    out.println();
                    out.println("stopping: " + stop.message());
                }
            }

            private void line(String what, int total) {
                if (json) {
                    return;
                }
                int width = 30;
                int done = (int) Math.round(width * finished / (double) total);
                out.print("\r[" + "#".repeat(done) + "-".repeat(width - done) + "] " + finished + "/" + total + " "
                        + String.format("%-52s", what.length() > 52 ? what.substring(0, 52) : what)
                        + " retries " + retries + ", reconciled " + reconciled);
            }
        };
    }

    void applied(RosterApplyResult result) {
        ObjectNode r = doc.putObject("applied");
        r.put("complete", result.complete());
        r.put("apiCalls", result.apiCalls());
        r.put("retries", result.retries());
        r.put("reconciliations", result.reconciliations());
        ObjectNode classes = r.putObject("classes");
        for (ClassStatus s : ClassStatus.values()) {
            classes.put(s.name().toLowerCase(Locale.ROOT), result.classes(s).size());
        }
        ArrayNode people = r.putArray("needsPerson");
        result.classes(ClassStatus.NEEDS_PERSON).forEach(c -> people.addObject().put("class", c.classId()).put("why", c.reason()));
        result.stop().ifPresent(s -> r.putObject("stopped").put("reason", s.reason().name()).put("message", s.message()));
        for (StepStatus s : StepStatus.values()) {
            r.put(s.name().toLowerCase(Locale.ROOT), result.steps(s).size());
        }
        ArrayNode invites = r.putArray("invites");
        for (PendingInvite i : result.invites()) {
            invites.addObject().put("class", i.classId()).put("users", i.users().size()).put("messaged", i.messaged().size());
        }
        say("Applied: " + result.classes().size() + " classes: " + result.classes(ClassStatus.DONE).size() + " done, "
                + result.classes(ClassStatus.ALREADY_DONE).size() + " already done, " + result.classes(ClassStatus.RECONCILED).size()
                + " reconciled after an unknown outcome, " + result.classes(ClassStatus.NEEDS_PERSON).size() + " need a person, "
                + result.classes(ClassStatus.STOPPED).size() + " stopped; " + result.retries() + " retries, " + result.reconciliations()
                + " reconciliations, " + result.apiCalls() + " API calls.");
        for (StepResult failed : result.steps(StepStatus.FAILED)) {
            say("failed: " + failed.step().classId() + ": " + failed.error().map(Throwable::getMessage).orElse("unknown"));
        }
        for (PendingInvite i : result.invites()) {
            say("class " + i.classId() + ": " + i.users().size() + " people join by invite link (" + i.messaged().size() + " sent it in a message)");
        }
    }

    void finish() {
        if (json) {
            out.println(doc.toPrettyString());
        }
    }

    static String action(RosterStep s) {
        if (s instanceof RosterStep.CreateChat c) {
            return c.resume() ? "create chat (resume)" : "create chat";
        }
        if (s instanceof RosterStep.LinkChat) {
            return "link existing chat";
        }
        if (s instanceof RosterStep.RenameChat) {
            return "rename chat";
        }
        if (s instanceof RosterStep.AddMembers) {
            return "add members";
        }
        if (s instanceof RosterStep.InviteMembers) {
            return "invite by link";
        }
        if (s instanceof RosterStep.RemoveMembers) {
            return "remove members";
        }
        return "retire class chat";
    }

    static int people(RosterStep s) {
        if (s instanceof RosterStep.CreateChat c) {
            return c.members().size();
        }
        if (s instanceof RosterStep.AddMembers a) {
            return a.users().size();
        }
        if (s instanceof RosterStep.InviteMembers i) {
            return i.users().size();
        }
        if (s instanceof RosterStep.RemoveMembers r) {
            return r.members().size();
        }
        if (s instanceof RosterStep.RetireClass r) {
            return r.members().size();
        }
        return 0;
    }
}
