package dev.sferum.sdk.chat.roster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired state of a school's class chats: every class once, with a title no other class has.
 *
 * <pre>{@code
 * Roster roster = Roster.of(List.of(c5a, c5b, c7b));
 * RosterPlan plan = sync.plan(roster);
 * }</pre>
 *
 * <p>Titles must be unique (ignoring case): after a crash between "create the chat" and "remember its id", the
 * chat is found again by its title, so two classes with one title could be confused.
 *
 * @since 0.1.0
 */
public final class Roster {
    private final List<RosterClass> classes;
    private final Map<String, RosterClass> byId;

    private Roster(List<RosterClass> classes) {
        Map<String, RosterClass> ids = new LinkedHashMap<>();
        Map<String, String> titles = new HashMap<>();
        for (RosterClass c : classes) {
            Objects.requireNonNull(c, "a roster class is null");
            if (ids.putIfAbsent(c.classId(), c) != null) {
                throw new IllegalArgumentException("class " + c.classId() + " appears twice in the roster");
            }
            String other = titles.putIfAbsent(c.title().toLowerCase(Locale.ROOT), c.classId());
            if (other != null) {
                throw new IllegalArgumentException("classes " + other + " and " + c.classId() + " have the same title \"" + c.title()
                        + "\"; give each class a distinct chat title (for example with the school year)");
            }
        }
        this.classes = List.copyOf(classes);
        this.byId = ids;
    }

    /**
     * Makes a roster of classes.
     *
     * @param classes the classes
     * @return the roster
     * @throws IllegalArgumentException if a class id or title appears twice
     */
    public static Roster of(Collection<RosterClass> classes) {
        return new Roster(new ArrayList<>(Objects.requireNonNull(classes, "classes")));
    }

    /** {@return the classes, in order; unmodifiable} */
    public List<RosterClass> classes() {
        return classes;
    }

    /**
     * Finds a class by its id.
     *
     * @param classId a class id
     * @return the class, if in the roster
     */
    public Optional<RosterClass> find(String classId) {
        return Optional.ofNullable(byId.get(classId));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Roster r && r.classes.equals(classes);
    }

    @Override
    public int hashCode() {
        return classes.hashCode();
    }

    @Override
    public String toString() {
        return "Roster[" + classes.size() + " classes]";
    }
}
