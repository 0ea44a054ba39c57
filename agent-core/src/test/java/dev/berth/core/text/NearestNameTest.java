package dev.berth.core.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NearestNameTest
{
    @Test
    void suggestsWithinDistance()
    {
        List<String> names = List.of("replicas", "restart", "resources");
        assertThat(NearestName.nearest("replcas", names)).contains("replicas");
        assertThat(NearestName.nearest("RESTART", names)).contains("restart");
        assertThat(NearestName.nearest("rseources", names)).contains("resources");
        assertThat(NearestName.nearest("zzzzzzzz", names)).isEmpty();
        assertThat(NearestName.nearest("x", List.of())).isEmpty();
    }

    @Test
    void distance()
    {
        assertThat(NearestName.distance("abc", "abc")).isZero();
        assertThat(NearestName.distance("abc", "acb")).isEqualTo(1);
        assertThat(NearestName.distance("abc", "")).isEqualTo(3);
        assertThat(NearestName.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void unknownMessage()
    {
        assertThat(NearestName.unknown("field", "imgae", List.of("image", "name"))).isEqualTo("unknown field 'imgae', did you mean 'image'?");
        assertThat(NearestName.unknown("field", "qqqqqq", List.of("name", "image"))).isEqualTo("unknown field 'qqqqqq' (valid: image, name)");
    }
}
