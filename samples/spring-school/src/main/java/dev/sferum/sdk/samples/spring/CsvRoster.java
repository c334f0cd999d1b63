package dev.sferum.sdk.samples.spring;

import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.roster.Roster;
import dev.sferum.sdk.chat.roster.RosterClass;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A roster export as CSV with the header {@code class_id,class_title,vk_user_id,role}, role {@code teacher},
 * {@code pupil} or {@code parent}: read again at each sync, so the export can be replaced at any time.
 */
final class CsvRoster implements RosterSource {
    private final Path file;

    CsvRoster(Path file) {
        this.file = file;
    }

    @Override
    public Roster roster() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the roster " + file + "; set school.roster-file to the export", e);
        }
        Map<String, String> titles = new LinkedHashMap<>();
        Map<String, Map<String, List<UserId>>> people = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 4) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected class_id,class_title,vk_user_id,role");
            }
            long id;
            try {
                id = Long.parseLong(f[2].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": vk_user_id must be a number");
            }
            titles.putIfAbsent(f[0].strip(), f[1].strip());
            people.computeIfAbsent(f[0].strip(), k -> new LinkedHashMap<>()).computeIfAbsent(f[3].strip(), k -> new ArrayList<>())
                    .add(UserId.of(id));
        }
        List<RosterClass> classes = new ArrayList<>();
        titles.forEach((classId, title) -> {
            Map<String, List<UserId>> byRole = people.get(classId);
            classes.add(new RosterClass(classId, title, byRole.getOrDefault("teacher", List.of()), byRole.getOrDefault("pupil", List.of()),
                    byRole.getOrDefault("parent", List.of())));
        });
        return Roster.of(classes);
    }
}
