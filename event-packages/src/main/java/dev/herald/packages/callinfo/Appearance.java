package dev.herald.packages.callinfo;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code info} of a Call-Info header that describes a line appearance.
 *
 * @param uri the URI between {@code <} and {@code >}, as written
 * @param appearanceUri the appearance-uri parameter as written, quotes included
 * @param otherParams the parameters other than appearance-index, -state and -uri, in order
 */
public record Appearance(
    AppearanceIndex index, AppearanceState state, String uri, Optional<String> appearanceUri, List<Param> otherParams) {

  /** A header parameter; {@code value} as written, quotes included, empty for a bare name. */
  public record Param(String name, Optional<String> value) {

    public Param {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  public Appearance {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(appearanceUri, "appearanceUri");
    otherParams = List.copyOf(otherParams);
    if (index instanceof AppearanceIndex.All && state != AppearanceState.IDLE) {
      throw new IllegalArgumentException("appearance-index=* with state " + state.token());
    }
  }
}
