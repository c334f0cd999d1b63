package dev.sferum.sdk.vk.roster;

import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.roster.RosterClass;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.vk.testing.School;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Builds school rosters on the fake and checks the fake's chats against them. */
final class Rosters {
    private Rosters() {
    }

    /** One class: a teacher, {@code pupils} pupils, {@code parents} parents, all new users of the fake. */
    static RosterClass newClass(School school, int n, int pupils, int parents) {
        List<UserId> teacher = ids(school.users(1, "Учитель" + n));
        return new RosterClass("class-" + n, "Класс " + n, teacher, ids(school.users(pupils, "Ученик" + n)),
                ids(school.users(parents, "Родитель" + n)));
    }

    static List<RosterClass> newClasses(School school, int classes, int pupils, int parents) {
        List<RosterClass> out = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            out.add(newClass(school, i, pupils, parents));
        }
        return out;
    }

    static List<UserId> ids(List<FakeUser> users) {
        return users.stream().map(u -> UserId.of(u.id())).toList();
    }

    static RosterClass withPupils(RosterClass c, List<UserId> pupils) {
        return new RosterClass(c.classId(), c.title(), c.teachers(), pupils, c.parents());
    }

    static RosterClass withTitle(RosterClass c, String title) {
        return new RosterClass(c.classId(), title, c.teachers(), c.pupils(), c.parents());
    }

    /** The fake's chats owned by {@code owner}, by title; fails if a title appears twice (a duplicate chat). */
    static Map<String, FakeChat> chatsByTitle(School school, long owner) {
        List<FakeChat> owned = school.fake.chats().stream().filter(c -> c.ownerId() == owner).toList();
        Map<String, List<FakeChat>> byTitle = owned.stream().collect(Collectors.groupingBy(FakeChat::title));
        byTitle.forEach((title, list) -> {
            if (list.size() > 1) {
                throw new AssertionError(list.size() + " chats titled \"" + title + "\": a chat was created twice");
            }
        });
        return byTitle.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
    }

    /** The users in a fake chat (its owner and communities left out). */
    static Set<UserId> users(FakeChat chat) {
        Set<UserId> out = new HashSet<>();
        chat.memberIds().stream().filter(id -> id > 0 && id != chat.ownerId()).forEach(id -> out.add(UserId.of(id)));
        return out;
    }
}
