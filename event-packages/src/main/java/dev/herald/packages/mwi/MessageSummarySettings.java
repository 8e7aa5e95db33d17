package dev.herald.packages.mwi;

import java.util.Objects;

/**
 * The message-summary package's own settings.
 *
 * @param limits how large a published summary and its counts may be
 */
public record MessageSummarySettings(MessageSummaryFormat.Limits limits) {

  public MessageSummarySettings {
    Objects.requireNonNull(limits, "limits");
  }

  public static MessageSummarySettings defaults() {
    return new MessageSummarySettings(MessageSummaryFormat.Limits.DEFAULT);
  }
}
