package dev.herald.packages.mwi;

import dev.herald.packages.spi.AdminCommandSpec.Arg;
import dev.herald.packages.spi.AdminCommandSpec.Kind;
import dev.herald.packages.spi.AdminCommandSpec;
import dev.herald.packages.spi.EventDescriptor;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.EventPackageProvider;
import dev.herald.packages.spi.PackageHost;
import dev.herald.packages.spi.PackageSettings;
import java.util.List;
import java.util.Set;

/**
 * Voicemail lamps (RFC 3842): a voicemail system publishes a mailbox's counts, phones subscribe
 * to them; {@code herald mwi set} sets them for systems that cannot PUBLISH.
 */
public final class MessageSummaryProvider implements EventPackageProvider {

  /** {@code set}: a mailbox's voice message counts, for systems that cannot PUBLISH. */
  static final AdminCommandSpec SET = new AdminCommandSpec("set",
      "Set a mailbox's voice message counts; its phones' lamps follow.",
      List.of(new Arg("new", Kind.COUNT, false, "new voice messages (the lamp is on while there are any)"),
          new Arg("old", Kind.COUNT, false, "old voice messages"),
          new Arg("urgent-new", Kind.COUNT, false, "new urgent voice messages, among the new ones"),
          new Arg("urgent-old", Kind.COUNT, false, "old urgent voice messages, among the old ones"),
          new Arg("account", Kind.URI, false, "the Message-Account, where the phone calls to listen")));

  @Override
  public String name() {
    return MessageSummaryPackage.NAME;
  }

  @Override
  public String commandWord() {
    return "mwi";
  }

  @Override
  public List<EventDescriptor> events(PackageSettings settings) {
    return List.of(EventDescriptor.builder(MessageSummaryPackage.NAME).contentTypes(MessageSummaryFormat.CONTENT_TYPE)
        .expiries(settings.expiries()).build());
  }

  @Override
  public List<EventPackage<?>> create(PackageSettings settings, PackageHost host) {
    MessageSummarySettings own = settings.get(MessageSummarySettings.class,
        () -> MessageSummarySettings.from(settings.optionsOf(name())));
    return List.of(new MessageSummaryPackage(settings.expiries(), own.limits(), host.authorization()));
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(MessageSummarySettings.MAX_BODY_BYTES, MessageSummarySettings.MAX_COUNT);
  }

  @Override
  public List<AdminCommandSpec> adminCommands() {
    return List.of(SET);
  }
}
