package dev.berth.youki.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import dev.berth.core.config.ConfigMap;
import dev.berth.oci.ContainerNetwork;
import dev.berth.oci.bundle.OciConfigCustomizer;
import dev.berth.oci.linux.CommandHostFilesystem;
import dev.berth.oci.linux.HostFilesystem;
import dev.berth.oci.testing.TestingCommandTransport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

class NetworkModuleTest
{
    @Test
    void bindsTheCniManagerAsTheBackendsNetworkUnderExplicitBindings()
    {
        Injector injector = Guice.createInjector(Stage.PRODUCTION,
                binder -> {
                    binder.requireExplicitBindings();
                    binder.disableCircularProxies();
                    // bound by YoukiModule, beside which NetworkModule is installed
                    binder.bind(HostFilesystem.class).toInstance(new CommandHostFilesystem(new TestingCommandTransport(), Duration.ofSeconds(1)));
                },
                new NetworkModule(NetworkConfig.from(ConfigMap.empty())),
                new NetworkFilesModule());

        assertThat(injector.getInstance(NetworkManager.class)).isInstanceOf(CniNetworkManager.class)
                .isSameAs(injector.getInstance(NetworkManager.class));
        assertThat(injector.getInstance(ContainerNetwork.class)).isInstanceOf(CniContainerNetwork.class);
        assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<OciConfigCustomizer>>() {})))
                .hasExactlyElementsOfTypes(NetworkFilesCustomizer.class);
    }
}
