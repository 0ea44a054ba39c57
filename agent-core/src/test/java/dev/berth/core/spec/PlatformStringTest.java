package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.InvalidSpec;
import org.junit.jupiter.api.Test;

import java.util.Optional;

class PlatformStringTest
{
    @Test
    void readsOsArchAndVariant()
    {
        assertThat(PlatformString.parse("linux", "platform")).isEqualTo(new PlatformSpec(Optional.of(OsFamily.LINUX), Optional.empty(), Optional.empty()));
        assertThat(PlatformString.parse("windows/amd64", "platform"))
                .isEqualTo(new PlatformSpec(Optional.of(OsFamily.WINDOWS), Optional.of("amd64"), Optional.empty()));
        assertThat(PlatformString.parse("linux/arm64/v8", "platform"))
                .isEqualTo(new PlatformSpec(Optional.of(OsFamily.LINUX), Optional.of("arm64/v8"), Optional.empty()));
    }

    @Test
    void refusesWhatIsNotOsArchVariantNamingTheField()
    {
        assertThatThrownBy(() -> PlatformString.parse("darwin/amd64", "--platform")).isInstanceOf(InvalidSpec.class)
                .hasMessage("Invalid spec: --platform: OS \"darwin\" is not one of linux|windows");
        assertThatThrownBy(() -> PlatformString.parse("linux/", "platform")).isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("platform: \"linux/\" is not OS[/ARCH[/VARIANT]]");
        assertThatThrownBy(() -> PlatformString.parse("linux/arm/v7/x", "platform")).isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("has more than OS/ARCH/VARIANT");
        assertThatThrownBy(() -> PlatformString.parse("linux/AMD64\n", "platform")).isInstanceOf(InvalidSpec.class);
    }
}
