package dev.herald.packages.callinfo;

import dev.herald.packages.spi.EventDescriptor;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.EventPackageProvider;
import dev.herald.packages.spi.PackageHost;
import dev.herald.packages.spi.PackageSettings;
import java.util.List;

/** Shared line appearances: call-info, and line-seize on the same resource (OpenSIPS presence_callinfo). */
public final class CallInfoProvider implements EventPackageProvider {

  @Override
  public String name() {
    return CallInfoPackage.NAME;
  }

  @Override
  public List<EventDescriptor> events(PackageSettings settings) {
    CallInfoSettings own = settings.get(CallInfoSettings.class, CallInfoSettings::defaults);
    return List.of(
        // A call-info PUBLISH carries its state in Call-Info headers, so it needs no body.
        EventDescriptor.builder(CallInfoPackage.NAME).contentTypes(CallInfoPackage.DIALOG_INFO)
            .expiries(settings.expiries()).stateInHeaders(CallInfoPackage.CALL_INFO_HEADER).build(),
        EventDescriptor.builder(CallInfoPackage.LINE_SEIZE).contentTypes(CallInfoPackage.DIALOG_INFO)
            .subscribe(own.lineSeize()).livesOn(CallInfoPackage.NAME)
            .stateInHeaders(CallInfoPackage.CALL_INFO_HEADER).build());
  }

  @Override
  public List<EventPackage<?>> create(PackageSettings settings, PackageHost host) {
    CallInfoSettings own = settings.get(CallInfoSettings.class, CallInfoSettings::defaults);
    return List.of(new CallInfoPackage(settings.expiries(), own.lineSeize(), host.notifies(), own.limits()));
  }
}
