package dev.sferum.sdk.samples.spring;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.RosterApplyResult;
import dev.sferum.sdk.chat.roster.RosterPlan;
import dev.sferum.sdk.chat.roster.RosterSync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Syncs the roster into class chats every {@code school.sync-interval} (5 minutes): plans the minimal changes and
 * applies them. The chat mapping store makes a re-run after a crash neither lose nor duplicate a chat.
 */
@Component
class RosterJob {
    private static final Logger log = LoggerFactory.getLogger(RosterJob.class);

    private final RosterSync sync;
    private final RosterSource source;
    private final AtomicInteger runs = new AtomicInteger();

    RosterJob(ChatClient chats, ChatMappingStore mappings, ObjectProvider<DemoSchool> demo, @Value("${school.roster-file:}") String file) {
        this.sync = RosterSync.builder().chats(chats).mappings(mappings).build();
        DemoSchool school = demo.getIfAvailable();
        if (school != null) {
            this.source = school;
        } else if (!file.isBlank()) {
            this.source = new CsvRoster(Path.of(file));
        } else {
            throw new IllegalStateException("no roster: set school.roster-file (SCHOOL_ROSTER_FILE) to the school's CSV export, "
                    + "or start with the argument demo");
        }
    }

    /** One sync: the plan, then its steps. */
    @Scheduled(fixedDelayString = "${school.sync-interval:PT5M}", initialDelayString = "${school.sync-initial-delay:PT1S}")
    void sync() {
        RosterPlan plan = sync.plan(source.roster());
        if (plan.isEmpty()) {
            log.info("roster sync {}: every class chat is up to date", runs.incrementAndGet());
            return;
        }
        RosterApplyResult result = sync.apply(plan);
        log.info("roster sync {}: {} steps, {} API calls, complete: {}", runs.incrementAndGet(), result.steps().size(), result.apiCalls(),
                result.complete());
    }

    /** {@return how many syncs have finished} */
    int runs() {
        return runs.get();
    }
}
