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
 * What the tool prints: tables and a progress bar for people; with {@code --json} a stream of JSON objects, one per
 * line (NDJSON), each written and flushed as it happens — the plan, each step, retry, reconciliation and stop, the
 * same events the progress line shows — and last a {@code summary} object with the counts and the exit code. Pupils
 * appear only as VK ids; tokens never appear.
 */
final class Console {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final PrintStream out;
    final boolean json;
    /** The final {@code summary} object's fields, written by {@link #finish(int)}. */
    final ObjectNode doc = JSON.createObjectNode().put("event", "summary");

    Console(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** {@return a new event object named {@code name}; fill it, then {@link #emit} it} */
    static ObjectNode event(String name) {
        return JSON.createObjectNode().put("event", name);
    }

    /** With {@code --json}, writes the event as one line at once and flushes it; without, does nothing. */
    synchronized void emit(ObjectNode event) {
        if (json) {
            out.println(JSON.writeValueAsString(event));
            out.flush();
        }
    }

    void say(String line) {
        if (!json) {
            out.println(line);
        }
    }

    void plan(RosterPlan plan) {
        ObjectNode p = event("plan");
        p.put("steps", plan.steps().size());
        p.put("apiCalls", plan.apiCalls());
        p.put("readCalls", plan.readCalls());
        p.put("estimatedSeconds", plan.estimatedDuration().toMillis() / 1000.0);
        ArrayNode steps = p.putArray("items");
        for (RosterStep s : plan.steps()) {
            steps.addObject().put("class", s.classId()).put("action", action(s)).put("people", people(s)).put("calls", s.apiCalls());
        }
        plan.notes().forEach(p.putArray("notes")::add);
        doc.put("steps", plan.steps().size());
        if (json) {
            emit(p);
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
     * far. With {@code --json} the same events are written as they happen, one JSON object per line.
     */
    RosterProgressListener progress() {
        return new RosterProgressListener() {
            private int finished;
            private int retries;
            private int reconciled;

            @Override
            public void stepFinished(RosterStep step, StepResult result, int index, int total) {
                finished++;
                emit(event("step").put("class", step.classId()).put("action", action(step))
                        .put("status", result.status().name().toLowerCase(Locale.ROOT)).put("finished", finished).put("total", total)
                        .put("retries", retries).put("reconciled", reconciled));
                line(step.classId() + ": " + action(step) + " " + result.status().name().toLowerCase(Locale.ROOT), total);
                if (finished == total && !json) {
                    out.println();
                }
            }

            @Override
            public void stepRetrying(RosterStep step, int index, int total, int retry, SferumException cause, Duration after) {
                retries++;
                emit(event("retry").put("class", step.classId()).put("action", action(step)).put("retry", retry)
                        .put("category", cause.category().name()).put("afterMillis", after.toMillis()).put("retries", retries));
                line(step.classId() + ": " + cause.category().name().toLowerCase(Locale.ROOT) + ", retry " + retry + " in "
                        + after.toMillis() + " ms", total);
            }

            @Override
            public void chatReconciled(RosterStep step, int index, int total, Optional<PeerId> adopted) {
                reconciled++;
                emit(event("reconciled").put("class", step.classId()).put("adopted", adopted.isPresent()).put("reconciled", reconciled));
                line(step.classId() + ": " + (adopted.isPresent() ? "unknown outcome read back, chat adopted"
                        : "unknown outcome read back, no chat, creating"), total);
            }

            @Override
            public void applyStopped(RosterStop stop) {
                emit(event("stopped").put("reason", stop.reason().name()).put("message", stop.message()));
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

    /** Ends the output: with {@code --json}, the {@code summary} line (the counts set on {@link #doc}, and the exit code). */
    void finish(int exitCode) {
        doc.put("exitCode", exitCode);
        emit(doc);
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
