package dev.sferum.sdk.samples;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RosterCsvTest {

    @Test
    void parse_whenValid_groupsPeopleByClassAndRole() {
        List<RosterCsv.SchoolClass> classes = RosterCsv.parse("r.csv", """
                \uFEFFclass_id,class_title,vk_user_id,role
                7b,7Б,1001,teacher
                7b,7Б,2001,pupil
                # parents follow
                7b,7Б,3001,Parent
                8a,8А,1002,teacher
                """);

        assertThat(classes).hasSize(2);
        assertThat(classes.get(0).id()).isEqualTo("7b");
        assertThat(classes.get(0).teachers()).containsExactly(1001L);
        assertThat(classes.get(0).pupils()).containsExactly(2001L);
        assertThat(classes.get(0).parents()).containsExactly(3001L);
        assertThat(classes.get(1).title()).isEqualTo("8А");
    }

    @Test
    void parse_whenBroken_namesFileLineAndFix() {
        assertThatThrownBy(() -> RosterCsv.parse("r.csv", "id,title,user,role\n")).hasMessage(
                "r.csv:1: the header must be exactly class_id,class_title,vk_user_id,role (found \"id,title,user,role\")");
        assertThatThrownBy(() -> RosterCsv.parse("r.csv", RosterCsv.HEADER + "\n7b,7Б,abc,pupil\n"))
                .hasMessage("r.csv:2: vk_user_id must be a positive number, found \"abc\"");
        assertThatThrownBy(() -> RosterCsv.parse("r.csv", RosterCsv.HEADER + "\n7b,7Б,-5,pupil\n"))
                .hasMessage("r.csv:2: vk_user_id must be positive, found -5");
        assertThatThrownBy(() -> RosterCsv.parse("r.csv", RosterCsv.HEADER + "\n7b,7Б,5,headmaster\n"))
                .hasMessage("r.csv:2: role must be teacher, pupil or parent, found \"headmaster\"");
        assertThatThrownBy(() -> RosterCsv.parse("r.csv", RosterCsv.HEADER + "\n7b,7Б,5,pupil\n7b,7Б,5,pupil\n"))
                .hasMessage("r.csv:3: user 5 is listed twice in class 7b; keep one row");
        assertThatThrownBy(() -> RosterCsv.parse("r.csv", RosterCsv.HEADER + "\n7b,7Б,5\n"))
                .hasMessageContaining("r.csv:2: expected 4 comma-separated values");
        assertThatThrownBy(() -> RosterCsv.parse("r.csv", RosterCsv.HEADER + "\n7b,7Б,5,pupil\n7b,7B,6,pupil\n"))
                .hasMessageContaining("r.csv:3: class 7b is titled \"7B\" here but \"7Б\" above");
        assertThatThrownBy(() -> RosterCsv.parse("r.csv", "")).hasMessageContaining("r.csv: the file is empty");
        assertThatThrownBy(() -> RosterCsv.parse("r.csv", RosterCsv.HEADER + "\n")).hasMessageContaining("no rows");
    }
}
