package dev.herald.packages.conference;

import dev.herald.packages.spi.EventDescriptor;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.EventPackageProvider;
import dev.herald.packages.spi.PackageHost;
import dev.herald.packages.spi.PackageSettings;
import java.util.List;

/** A conference's state (RFC 4575), published by its focus (Kamailio presence_conference). */
public final class ConferenceProvider implements EventPackageProvider {

  /** The operator command that resets a conference, as Kamailio's conference_reset. */
  public static final String RESET = "conference-reset";

  @Override
  public String name() {
    return ConferenceInfo.PACKAGE;
  }

  @Override
  public List<EventDescriptor> events(PackageSettings settings) {
    return List.of(EventDescriptor.builder(ConferenceInfo.PACKAGE).contentTypes(ConferenceInfo.CONTENT_TYPE)
        .expiries(settings.expiries()).build());
  }

  @Override
  public List<EventPackage<?>> create(PackageSettings settings, PackageHost host) {
    ConferenceSettings own = settings.get(ConferenceSettings.class, ConferenceSettings::defaults);
    return List.of(new ConferencePackage(settings.expiries(), own.limits(), own.partialState()));
  }
}
