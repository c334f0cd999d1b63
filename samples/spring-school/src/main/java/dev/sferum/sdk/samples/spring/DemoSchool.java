package dev.sferum.sdk.samples.spring;

import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.roster.Roster;
import dev.sferum.sdk.chat.roster.RosterClass;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's school on an embedded fake VK: a community, three classes of a teacher and four pupils each (VK ids
 * only), the starter's properties pointing at the fake, the fake's Callback sender pointing at this service, and
 * pupils who write to their class chat now and then.
 */
final class DemoSchool implements RosterSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoSchool.class);
    private static final String[] CLASSES = {"5А", "6Б", "7В"};

    private final FakeVk fake;
    private final FakeCommunity school;
    private final Roster roster;
    private final List<FakeUser> pupils = new ArrayList<>();
    private final String callbackSecret;

    private DemoSchool(FakeVk fake) {
        this.fake = fake;
        FakeUser head = fake.createUser("Завуч", "Школы");
        this.school = fake.createCommunity("Школа №1", head);
        List<RosterClass> classes = new ArrayList<>();
        for (String title : CLASSES) {
            FakeUser teacher = fake.createUser("Учитель", title);
            List<UserId> kids = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                FakeUser pupil = fake.createUser("Ученик", title + "-" + i);
                pupils.add(pupil);
                kids.add(UserId.of(pupil.id()));
            }
            classes.add(new RosterClass("class-" + title, title, List.of(UserId.of(teacher.id())), kids, List.of()));
        }
        this.roster = Roster.of(classes);
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        this.callbackSecret = HexFormat.of().formatHex(secret);
    }

    /** {@return the school on a freshly started fake} */
    static DemoSchool start() {
        return new DemoSchool(FakeVk.start());
    }

    /** {@return the starter's properties for this school: the fake's URL and the community's token} */
    Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sferum.base-url", fake.baseUri().toString());
        p.put("sferum.insecure-http-allowed", "true");
        p.put("sferum.token", school.token().value());
        p.put("sferum.group-id", Long.toString(school.id()));
        p.put("sferum.callback.enabled", "true");
        p.put("sferum.callback.secret", callbackSecret);
        p.put("school.sync-interval", "PT30S");
        return p;
    }

    @Override
    public Roster roster() {
        return roster;
    }

    /** Points the fake's Callback API sender at this service, as a community admin would in VK's settings. */
    @EventListener(ApplicationReadyEvent.class)
    void connect(ApplicationReadyEvent ready) {
        String port = ready.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
        fake.events().addCallbackServer(school, URI.create("http://127.0.0.1:" + port + "/sferum/vk/callback"), callbackSecret);
        log.info("demo school: fake VK at {}, community {}, {} classes; events go to port {}", fake.baseUri(), school.id(),
                CLASSES.length, port);
    }

    /** A pupil of each class chat the sync created writes to it. */
    @Scheduled(fixedDelayString = "${school.demo-chatter:PT10S}", initialDelayString = "${school.demo-chatter:PT10S}")
    void chatter() {
        for (FakeChat chat : fake.chats()) {
            pupils.stream().filter(p -> chat.isMember(p.id())).findFirst()
                    .ifPresent(p -> fake.sendMessage(p.id(), chat.peerIdFor(p.id()), "Здравствуйте! Когда контрольная?"));
        }
    }

    /** {@return the fake, for the sample's test} */
    FakeVk fake() {
        return fake;
    }

    @Override
    public void close() {
        fake.close();
    }

    @Override
    public String toString() {
        return "DemoSchool{" + fake.baseUri() + "}";
    }
}
