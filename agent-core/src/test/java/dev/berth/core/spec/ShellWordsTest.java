package dev.berth.core.spec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShellWordsTest
{
    @Test
    void splitsLikeAShell()
    {
        assertThat(ShellWords.split("sh -c 'echo \"hi there\"; exit 3'")).containsExactly("sh", "-c", "echo \"hi there\"; exit 3");
        assertThat(ShellWords.split("  a\tb  ")).containsExactly("a", "b");
        assertThat(ShellWords.split("a\\ b \"x\\\"y\" ''")).containsExactly("a b", "x\"y", "");
        assertThat(ShellWords.split("\"a\\nb\"")).containsExactly("a\\nb");
        assertThat(ShellWords.split("")).isEmpty();
    }

    @Test
    void unterminatedQuote()
    {
        assertThatThrownBy(() -> ShellWords.split("echo 'x")).hasMessageContaining("unterminated ' quote");
    }
}
