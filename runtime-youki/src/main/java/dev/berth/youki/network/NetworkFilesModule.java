package dev.berth.youki.network;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import dev.berth.oci.bundle.OciConfigCustomizer;

/**
 * Adds {@link NetworkFilesCustomizer} to the youki backend's OCI config customizers, so attached containers get
 * {@code /etc/hosts} and {@code /etc/resolv.conf}. Install it with {@link NetworkModule}.
 */
public final class NetworkFilesModule
        extends AbstractModule
{
    @Override
    protected void configure()
    {
        bind(NetworkFilesCustomizer.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), OciConfigCustomizer.class).addBinding().to(NetworkFilesCustomizer.class);
    }
}
