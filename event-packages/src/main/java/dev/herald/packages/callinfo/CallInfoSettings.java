package dev.herald.packages.callinfo;

import dev.herald.packages.spi.Expiries;
import java.util.Objects;

/**
 * The call-info package's own settings.
 *
 * @param lineSeize how long a line-seize subscription may last; OpenSIPS presence_callinfo grants
 *     at most its line_seize_timeout, 15 s by default
 * @param limits how much a Call-Info header may carry
 */
public record CallInfoSettings(Expiries.Bounds lineSeize, CallInfoHeader.Limits limits) {

  /** A seizure of at most 15 s, as OpenSIPS presence_callinfo's line_seize_timeout. */
  public static final Expiries.Bounds LINE_SEIZE_DEFAULTS = new Expiries.Bounds(1, 15, 15);

  public CallInfoSettings {
    Objects.requireNonNull(lineSeize, "lineSeize");
    Objects.requireNonNull(limits, "limits");
  }

  public static CallInfoSettings defaults() {
    return new CallInfoSettings(LINE_SEIZE_DEFAULTS, CallInfoHeader.Limits.DEFAULTS);
  }
}
