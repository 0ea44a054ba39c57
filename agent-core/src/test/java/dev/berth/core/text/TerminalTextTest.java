package dev.berth.core.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalTextTest
{
    private static final String OSC_TITLE = "demo/busybox\u001b]0;pwned\u0007:latest";

    @Test
    void escapeSequencesBecomeVisibleText()
    {
        assertThat(TerminalText.escapeLine(OSC_TITLE)).isEqualTo("demo/busybox\\x1b]0;pwned\\x07:latest");
        assertThat(TerminalText.escapeLine("a\rb\u007fc\u009b31md\u0085e")).isEqualTo("a\\x0db\\x7fc\\u009b31md\\u0085e");
        assertThat(TerminalText.escapeLine("one\ntwo")).isEqualTo("one\\x0atwo");
        assertThat(TerminalText.escapeMultiline("one\ntwo\u001b[2J")).isEqualTo("one\ntwo\\x1b[2J");
        assertThat(TerminalText.escapeLine("tab\tand ünïcödé ✓")).isEqualTo("tab\tand ünïcödé ✓");
    }

    @Test
    void printableTextIsReturnedAsItIsAndNullStaysNull()
    {
        String plain = "web.1 running \\ done";
        assertThat(TerminalText.escapeLine(plain)).isSameAs(plain);
        assertThat(TerminalText.escapeLine(null)).isNull();
        assertThat(TerminalText.escapeLine("\u0000\u001f\u0020\u007e\u00a0")).isEqualTo("\\x00\\x1f ~\u00a0");
    }

    @Test
    void escapingInPlaceLeavesWhatComesBeforeTheStartAlone()
    {
        StringBuilder line = new StringBuilder("2026-12-08 \u001b[31m ").append("log \u001b[2J\ttab\nnext\u009d");
        TerminalText.escapeInPlace(line, 13, false);
        assertThat(line).hasToString("2026-12-08 \u001b[31m log \\x1b[2J\ttab\\x0anext\\u009d");

        StringBuilder multi = new StringBuilder("one\ntwo\u0007");
        TerminalText.escapeInPlace(multi, 0, true);
        assertThat(multi).hasToString("one\ntwo\\x07");

        StringBuilder clean = new StringBuilder("nothing to do");
        TerminalText.escapeInPlace(clean, 0, false);
        assertThat(clean).hasToString("nothing to do");
    }

    @Test
    void whatIsEscaped()
    {
        assertThat(TerminalText.isEscaped('\t', false)).isFalse();
        assertThat(TerminalText.isEscaped('\n', true)).isFalse();
        assertThat(TerminalText.isEscaped('\n', false)).isTrue();
        assertThat(TerminalText.isEscaped('\u001f', true)).isTrue();
        assertThat(TerminalText.isEscaped(' ', false)).isFalse();
        assertThat(TerminalText.isEscaped('\u007e', false)).isFalse();
        assertThat(TerminalText.isEscaped('\u007f', false)).isTrue();
        assertThat(TerminalText.isEscaped('\u009f', false)).isTrue();
        assertThat(TerminalText.isEscaped('\u00a0', false)).isFalse();
    }
}
