package dev.sferum.sdk.auth.internal;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryStringTest {
    @Test
    void build_percentEncodesWithTwentyForSpaces() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("redirect_uri", "https://school.example/cb?x=1");
        q.put("scope", "email phone");
        q.put("name", "Школа");

        assertThat(QueryString.build(q)).isEqualTo("redirect_uri=https%3A%2F%2Fschool.example%2Fcb%3Fx%3D1&scope=email%20phone"
                + "&name=%D0%A8%D0%BA%D0%BE%D0%BB%D0%B0");
    }

    @Test
    void parse_decodesPlusPercentAndUtf8() throws Exception {
        assertThat(QueryString.parse("a=x+y&b=%D0%A8%D0%BA&c&d=")).containsExactly(Map.entry("a", "x y"), Map.entry("b", "Шк"),
                Map.entry("c", ""), Map.entry("d", ""));
    }

    @Test
    void parse_whenANameRepeats_namesItButNoValue() {
        assertThatThrownBy(() -> QueryString.parse("state=secret1&code=c&state=secret2"))
                .isInstanceOf(QueryString.MalformedQueryException.class)
                .hasMessage("the parameter state appears more than once")
                .hasMessageNotContaining("secret");
    }

    @Test
    void parse_whenEscapeIsBroken_refuses() {
        assertThatThrownBy(() -> QueryString.parse("code=ab%2")).isInstanceOf(QueryString.MalformedQueryException.class);
        assertThatThrownBy(() -> QueryString.parse("code=ab%zz")).isInstanceOf(QueryString.MalformedQueryException.class);
        assertThatThrownBy(() -> QueryString.parse("code=%C3%28")).isInstanceOf(QueryString.MalformedQueryException.class);
    }
}
