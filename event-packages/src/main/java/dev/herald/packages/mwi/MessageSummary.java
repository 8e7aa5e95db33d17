package dev.herald.packages.mwi;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One message-summary state of the {@code message-summary} event package (RFC 3842): whether
 * messages are waiting, the optional account they belong to, and the message counts per
 * message-context-class. Immutable; the classes are always kept in {@link MessageClass}
 * declaration order.
 *
 * @param messagesWaiting the {@code Messages-Waiting} status
 * @param messageAccount the {@code Message-Account} URI, or {@code null} when there is none
 * @param counts the counts per class; copied, and only the classes present are reported
 */
public record MessageSummary(
    boolean messagesWaiting, String messageAccount, Map<MessageClass, Counts> counts) {

  // RFC 3842 §5.2: Account-URI = SIP-URI / SIPS-URI / absoluteURI, each a scheme, a colon and
  // more (RFC 3261 §25.1), in printable ASCII without spaces.
  private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:[\\x21-\\x7E]+");

  /** Validates the account and takes an ordered, unmodifiable copy of the counts. */
  public MessageSummary {
    if (messageAccount != null && !looksLikeUri(messageAccount)) {
      throw new IllegalArgumentException("messageAccount is not a URI: " + messageAccount);
    }
    Objects.requireNonNull(counts, "counts");
    EnumMap<MessageClass, Counts> copy = new EnumMap<>(MessageClass.class);
    counts.forEach((messageClass, classCounts) -> copy.put(
        Objects.requireNonNull(messageClass, "message class"),
        Objects.requireNonNull(classCounts, "counts of " + messageClass)));
    counts = Collections.unmodifiableMap(copy);
  }

  /** {@code Messages-Waiting: no} and nothing else. */
  public static MessageSummary none() {
    return new MessageSummary(false, null, Map.of());
  }

  /**
   * A voice-mail summary without urgent counts; messages are waiting when there are new ones.
   *
   * @param account the {@code Message-Account} URI, or {@code null}
   */
  public static MessageSummary voice(String account, int newMessages, int oldMessages) {
    return new MessageSummary(
        newMessages > 0,
        account,
        Map.of(MessageClass.VOICE_MESSAGE, new Counts(newMessages, oldMessages)));
  }

  /** A copy of this summary with the counts of {@code messageClass} set or replaced. */
  public MessageSummary withCounts(MessageClass messageClass, Counts classCounts) {
    EnumMap<MessageClass, Counts> next = new EnumMap<>(MessageClass.class);
    next.putAll(counts);
    next.put(
        Objects.requireNonNull(messageClass, "messageClass"),
        Objects.requireNonNull(classCounts, "classCounts"));
    return new MessageSummary(messagesWaiting, messageAccount, next);
  }

  /** The counts of one class, empty when the summary does not report that class. */
  public Optional<Counts> countsFor(MessageClass messageClass) {
    return Optional.ofNullable(counts.get(messageClass));
  }

  static boolean looksLikeUri(String value) {
    return URI.matcher(value).matches();
  }

  /**
   * The counts of one message-context-class, as in {@code Voice-Message: 2/8 (0/2)}: new and old
   * messages, then new and old urgent ones. None may be negative.
   */
  public record Counts(int newMessages, int oldMessages, int urgentNew, int urgentOld) {

    /** Rejects negative counts. */
    public Counts {
      requireNonNegative(newMessages, "newMessages");
      requireNonNegative(oldMessages, "oldMessages");
      requireNonNegative(urgentNew, "urgentNew");
      requireNonNegative(urgentOld, "urgentOld");
    }

    /** Counts without urgent messages. */
    public Counts(int newMessages, int oldMessages) {
      this(newMessages, oldMessages, 0, 0);
    }

    private static void requireNonNegative(int value, String name) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must not be negative: " + value);
      }
    }
  }

  /**
   * The message-context-classes of RFC 3458 §6.2 that RFC 3842 §5.2 uses as summary line names,
   * each with the header token it is written as.
   */
  public enum MessageClass {
    VOICE_MESSAGE("Voice-Message"),
    FAX_MESSAGE("Fax-Message"),
    PAGER_MESSAGE("Pager-Message"),
    MULTIMEDIA_MESSAGE("Multimedia-Message"),
    TEXT_MESSAGE("Text-Message"),
    NONE("None");

    private final String token;

    MessageClass(String token) {
      this.token = token;
    }

    /** The header token, such as {@code Voice-Message}. */
    public String token() {
      return token;
    }

    /** The class whose token equals {@code token}, ignoring case as ABNF strings do (RFC 5234 §2.3). */
    public static Optional<MessageClass> fromToken(String token) {
      for (MessageClass messageClass : values()) {
        if (messageClass.token.equalsIgnoreCase(token)) {
          return Optional.of(messageClass);
        }
      }
      return Optional.empty();
    }
  }
}
