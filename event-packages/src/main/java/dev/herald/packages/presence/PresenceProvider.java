package dev.herald.packages.presence;

import dev.herald.packages.presence.winfo.WatcherInfo;
import dev.herald.packages.spi.EventDescriptor;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.EventPackageProvider;
import dev.herald.packages.spi.PackageHost;
import dev.herald.packages.spi.PackageSettings;
import java.util.List;

/** Presence (RFC 3856) with its watcher information (presence.winfo, RFC 3857). */
public final class PresenceProvider implements EventPackageProvider {

  @Override
  public String name() {
    return PresencePackage.NAME;
  }

  @Override
  public List<EventDescriptor> events(PackageSettings settings) {
    return List.of(
        EventDescriptor.builder(PresencePackage.NAME).contentTypes(PresencePackage.PIDF)
            .expiries(settings.expiries()).build(),
        // Subscribed to, never published; it lives on the presence resource it reports on.
        EventDescriptor.builder(WatcherInfo.EVENT).contentTypes(WatcherInfo.CONTENT_TYPE)
            .subscribe(settings.expiries().subscribe()).livesOn(PresencePackage.NAME).build());
  }

  @Override
  public List<EventPackage<?>> create(PackageSettings settings, PackageHost host) {
    PresencePackageSettings own = settings.get(PresencePackageSettings.class, PresencePackageSettings::defaults);
    return List.of(new PresencePackage(settings.expiries(), host.authorization(), own.derivedPresence(),
        host.notifies(), own.winfoPartialState()));
  }
}
