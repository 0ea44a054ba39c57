package dev.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

class AuthChallengeTest
{
    @Test
    void parsesBearerChallengesWithQuotedCommas()
    {
        AuthChallenge challenge = AuthChallenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull,push\"").orElseThrow();
        assertThat(challenge.scheme()).isEqualTo("bearer");
        assertThat(challenge.parameter("realm")).contains("https://auth.docker.io/token");
        assertThat(challenge.parameter("service")).contains("registry.docker.io");
        assertThat(challenge.parameter("scope")).contains("repository:library/busybox:pull,push");
    }

    @Test
    void parsesBasicAndRefusesNothing()
    {
        assertThat(AuthChallenge.parse("Basic realm=\"Registry Realm\"").orElseThrow().scheme()).isEqualTo("basic");
        assertThat(AuthChallenge.parse("")).isEmpty();
        assertThat(AuthChallenge.parse(null)).isEmpty();
    }

    @Test
    void readsDockerConfigCredentialsAndNeverPrintsTheSecret(@org.junit.jupiter.api.io.TempDir Path directory)
            throws Exception
    {
        Path file = directory.resolve("config.json");
        Files.writeString(file, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"dXNlcjpodW50ZXIy\"},"
                + "\"registry.lan:5000\":{\"username\":\"robot\",\"password\":\"p@ss\"}}}");
        CredentialStore store = new CredentialStore(file);
        assertThat(store.lookup("docker.io")).contains(new Credentials("user", "hunter2"));
        assertThat(store.lookup("registry.lan:5000")).contains(new Credentials("robot", "p@ss"));
        assertThat(store.lookup("other.lan")).isEmpty();
        assertThat(store.lookup("docker.io").orElseThrow().toString()).doesNotContain("hunter2");
    }
}
