package dev.herald.packages.conference;

import java.util.Objects;

/**
 * Rules of the conference package (RFC 4575).
 *
 * @param partialState after a watcher's first full document, a partial PUBLISH reaches it as the
 *     partial document (Kamailio's use_partial_states); off, the default, sends full state each time
 * @param limits how large a published document and a conference's roster may be
 */
public record ConferenceSettings(boolean partialState, ConferenceLimits limits) {

  public ConferenceSettings {
    Objects.requireNonNull(limits, "limits");
  }

  public static ConferenceSettings defaults() {
    return new ConferenceSettings(false, ConferenceLimits.DEFAULTS);
  }
}
