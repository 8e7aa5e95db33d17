package dev.herald.packages.dialog;

import dev.herald.packages.spi.EventDescriptor;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.EventPackageProvider;
import dev.herald.packages.spi.PackageHost;
import dev.herald.packages.spi.PackageSettings;
import java.util.List;

/**
 * The dialog package (RFC 4235), and {@code dialog;sla}, which Kamailio and OpenSIPS serve as a
 * package of its own for bridged line appearances.
 */
public final class DialogProvider implements EventPackageProvider {

  @Override
  public String name() {
    return DialogInfo.PACKAGE;
  }

  @Override
  public List<EventDescriptor> events(PackageSettings settings) {
    return List.of(
        EventDescriptor.builder(DialogInfo.PACKAGE).contentTypes(DialogInfo.CONTENT_TYPE)
            .expiries(settings.expiries()).build(),
        EventDescriptor.builder(DialogInfo.SLA_PACKAGE).contentTypes(DialogInfo.CONTENT_TYPE)
            .expiries(settings.expiries()).build());
  }

  @Override
  public List<EventPackage<?>> create(PackageSettings settings, PackageHost host) {
    return List.of(DialogPackage.dialog(settings.expiries()), DialogPackage.sla(settings.expiries()));
  }
}
