package dev.sferum.sdk.samples;

import dev.sferum.sdk.chat.roster.PendingInvite;
import dev.sferum.sdk.chat.roster.RosterApplyResult;
import dev.sferum.sdk.chat.roster.RosterPlan;
import dev.sferum.sdk.chat.roster.RosterProgressListener;
import dev.sferum.sdk.chat.roster.RosterStep;
import dev.sferum.sdk.chat.roster.StepResult;
import dev.sferum.sdk.chat.roster.StepStatus;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.Locale;

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

    RosterProgressListener progress() {
        return new RosterProgressListener() {
            @Override
            public void stepFinished(RosterStep step, StepResult result, int index, int total) {
                if (json) {
                    return;
                }
                int width = 30;
                int done = (int) Math.round(width * (index + 1) / (double) total);
                out.print("\r[" + "#".repeat(done) + "-".repeat(width - done) + "] " + (index + 1) + "/" + total + " "
                        + String.format("%-40s", step.classId() + ": " + action(step) + " " + result.status().name().toLowerCase(Locale.ROOT)));
                if (index + 1 == total) {
                    out.println();
                }
            }
        };
    }

    void applied(RosterApplyResult result) {
        ObjectNode r = doc.putObject("applied");
        r.put("complete", result.complete());
        r.put("apiCalls", result.apiCalls());
        for (StepStatus s : StepStatus.values()) {
            r.put(s.name().toLowerCase(Locale.ROOT), result.steps(s).size());
        }
        ArrayNode invites = r.putArray("invites");
        for (PendingInvite i : result.invites()) {
            invites.addObject().put("class", i.classId()).put("users", i.users().size()).put("messaged", i.messaged().size());
        }
        say("Applied: " + result.steps(StepStatus.DONE).size() + " done, " + result.steps(StepStatus.ALREADY_DONE).size()
                + " already done, " + result.steps(StepStatus.PARTIAL).size() + " partial, " + result.steps(StepStatus.FAILED).size()
                + " failed; " + result.apiCalls() + " API calls.");
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
