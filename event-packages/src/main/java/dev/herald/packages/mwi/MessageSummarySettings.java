package dev.herald.packages.mwi;

import java.util.Map;
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

  /** The options {@code herald up --package-option message-summary.KEY=VALUE} takes. */
  static final String MAX_BODY_BYTES = "max-body-bytes";
  static final String MAX_COUNT = "max-count";

  public static MessageSummarySettings defaults() {
    return new MessageSummarySettings(MessageSummaryFormat.Limits.DEFAULT);
  }

  /** The settings the operator's options give, the defaults where they are silent. */
  static MessageSummarySettings from(Map<String, String> options) {
    MessageSummaryFormat.Limits defaults = MessageSummaryFormat.Limits.DEFAULT;
    return new MessageSummarySettings(new MessageSummaryFormat.Limits(
        number(options, MAX_BODY_BYTES, defaults.maxBodyBytes()), number(options, MAX_COUNT, defaults.maxCount())));
  }

  private static int number(Map<String, String> options, String key, int fallback) {
    String value = options.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("message-summary." + key + " must be a whole number, was '" + value + "'");
    }
  }
}
