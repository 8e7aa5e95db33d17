package dev.herald.launcher;

import dev.herald.packages.conference.ConferenceLimits;
import dev.herald.packages.conference.ConferenceSettings;
import dev.herald.packages.spi.Expiries;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Flags of {@code herald up} that apply to every event package. */
final class PackageOptions {

  @Option(names = "--exclude-publisher", defaultValue = "false", arity = "1",
      description = "a subscription from where a PUBLISH came is not told of it, as Kamailio's sender for BLA"
          + " (HERALD_EXCLUDE_PUBLISHER)")
  boolean excludePublisher;

  @Option(names = "--conference-partial-state", defaultValue = "false", arity = "1",
      description = "conference watchers get partial documents after their first full one, as Kamailio's"
          + " use_partial_states (HERALD_CONFERENCE_PARTIAL_STATE)")
  boolean conferencePartialState;

  @Option(names = "--conference-max-users", defaultValue = "5000",
      description = "a conference document with more users gets 413 (HERALD_CONFERENCE_MAX_USERS)")
  int conferenceMaxUsers;

  @Option(names = "--line-seize-timeout", defaultValue = "15",
      description = "a line-seize subscription is granted at most this many seconds, as OpenSIPS presence_callinfo's"
          + " line_seize_timeout (HERALD_LINE_SEIZE_TIMEOUT)")
  int lineSeizeTimeout;

  @Option(names = "--package-option", split = ",", paramLabel = "PACKAGE.KEY=VALUE",
      description = "an option of an event package, e.g. message-summary.max-body-bytes=8192; repeat the flag or"
          + " separate with commas (HERALD_PACKAGE_OPTION); a package or key Herald does not have is refused")
  Map<String, String> packageOptions = new LinkedHashMap<>();

  /** How long a seizure may last: from 1 s to the timeout, which a SUBSCRIBE without Expires gets. */
  Expiries.Bounds lineSeize() {
    return new Expiries.Bounds(1, lineSeizeTimeout, lineSeizeTimeout);
  }

  /** The conference package's settings; a conference document is limited by the edge's body limit. */
  ConferenceSettings conference(int maxBodyBytes) {
    return new ConferenceSettings(conferencePartialState,
        new ConferenceLimits(Math.max(1, maxBodyBytes), conferenceMaxUsers));
  }
}
