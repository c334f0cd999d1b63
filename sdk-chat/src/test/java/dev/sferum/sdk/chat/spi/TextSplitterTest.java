package dev.sferum.sdk.chat.spi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextSplitterTest {

    @Test
    void split_whenShortEnough_returnsTheTextUntouched() {
        assertThat(TextSplitter.split("  Привет  ", 20)).containsExactly("  Привет  ");
    }

    @Test
    void split_prefersAParagraphThenALineThenAWordBoundary() {
        assertThat(TextSplitter.split("aaaa bbbb\n\ncccc dddd", 14)).containsExactly("aaaa bbbb", "cccc dddd");
        assertThat(TextSplitter.split("aaaa bbbb\ncccc dddd", 14)).containsExactly("aaaa bbbb", "cccc dddd");
        assertThat(TextSplitter.split("aaaa bbbb cccc dddd", 14)).containsExactly("aaaa bbbb cccc", "dddd");
    }

    @Test
    void split_whenABoundaryIsInTheFirstHalfOnly_cutsAtTheLastWordInsteadOfMakingATinyPart() {
        List<String> parts = TextSplitter.split("ab\n\ncdefgh ijklmnop qrst", 16);

        assertThat(parts.get(0)).isEqualTo("ab\n\ncdefgh");
        assertThat(parts).allMatch(p -> p.length() <= 16);
    }

    @Test
    void split_whenThereIsNoBoundary_cutsHardButNeverInsideASurrogatePair() {
        String emoji = "\uD83D\uDE00";
        String text = "x".repeat(9) + emoji + "y".repeat(10);

        List<String> parts = TextSplitter.split(text, 10);

        assertThat(parts).allMatch(p -> p.length() <= 10);
        assertThat(String.join("", parts)).isEqualTo(text);
        assertThat(parts.get(0)).isEqualTo("x".repeat(9));
        assertThat(parts).noneMatch(p -> Character.isHighSurrogate(p.charAt(p.length() - 1)));
    }

    @Test
    void split_isDeterministicAndKeepsEveryWordInOrder() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sb.append("слово").append(i).append(i % 50 == 49 ? "\n\n" : i % 10 == 9 ? "\n" : " ");
        }
        String text = sb.toString().strip();

        List<String> parts = TextSplitter.split(text, 9000);

        assertThat(TextSplitter.split(text, 9000)).isEqualTo(parts);
        assertThat(parts).allMatch(p -> p.length() <= 9000 && !p.isBlank());
        assertThat(String.join(" ", parts).split("\\s+")).isEqualTo(text.split("\\s+"));
    }

    @Test
    void forCall_isTheKeyForCallZeroAndDistinctPositiveAndStableAfterwards() {
        long key = RandomIds.next();

        assertThat(RandomIds.forCall(key, 0)).isEqualTo(key);
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            long id = RandomIds.forCall(key, i);
            assertThat(id).isPositive().isEqualTo(RandomIds.forCall(key, i));
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
    }
}
