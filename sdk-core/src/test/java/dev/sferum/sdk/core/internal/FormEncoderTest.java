package dev.sferum.sdk.core.internal;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FormEncoderTest {

    @Test
    void encode_whenMixedText_matchesTheJdkFormEncoding() {
        String[] samples = {"plain", "Урок перенесён на 9:00", "a&b=c+d%e", "эмодзи 😀 and tabs\t", "*-._~!'()", "line\nbreak"};
        for (String s : samples) {
            assertThat(FormEncoder.encodeComponent(s)).as(s).isEqualTo(URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
    }

    @Test
    void encode_whenParams_joinsInOrderAndAppendsVersion() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("peer_id", "2000000001");
        params.put("message", "Домашнее задание: §5");

        String body = new String(FormEncoder.encode(params, "5.199"), StandardCharsets.US_ASCII);

        assertThat(body).isEqualTo("peer_id=2000000001&message=" + URLEncoder.encode("Домашнее задание: §5", StandardCharsets.UTF_8) + "&v=5.199");
    }
}
