package dev.herald.packages.mwi;

import dev.herald.packages.mwi.MessageSummary.Counts;
import dev.herald.packages.mwi.MessageSummary.MessageClass;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code application/simple-message-summary} body of RFC 3842 §5.2: reads a body into a
 * {@link MessageSummary}, reporting bad input as a {@link Parsed.Bad} value rather than an
 * exception, and writes a summary back in canonical form.
 */
public final class MessageSummaryFormat {

  /** The media type of the body (RFC 3842 §3.5). */
  public static final String CONTENT_TYPE = "application/simple-message-summary";

  private static final String MESSAGES_WAITING = "Messages-Waiting";
  private static final String MESSAGE_ACCOUNT = "Message-Account";
  private static final String CRLF = "\r\n";

  // RFC 3842 §5.2: newmsgs SLASH oldmsgs [ LPAREN new-urgentmsgs SLASH old-urgentmsgs RPAREN ],
  // with the optional whitespace that SLASH, LPAREN and RPAREN allow (RFC 3261 §25.1).
  private static final Pattern COUNTS = Pattern.compile(
      "(\\d+)\\s*/\\s*(\\d+)(?:\\s*\\(\\s*(\\d+)\\s*/\\s*(\\d+)\\s*\\))?");

  // RFC 3261 §25.1: header-name = token.
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-.!%*_+`'~]+");

  private MessageSummaryFormat() {
  }

  /**
   * Bounds on what {@link #parse(byte[], Limits)} accepts.
   *
   * @param maxBodyBytes the largest body accepted, in bytes; positive
   * @param maxCount the largest message count accepted; not negative
   */
  public record Limits(int maxBodyBytes, int maxCount) {

    /** 4096 bytes of body and at most 1,000,000 messages per count. */
    public static final Limits DEFAULT = new Limits(4096, 1_000_000);

    /** Rejects a non-positive body size and a negative count. */
    public Limits {
      if (maxBodyBytes <= 0) {
        throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
      }
      if (maxCount < 0) {
        throw new IllegalArgumentException("maxCount must not be negative: " + maxCount);
      }
    }
  }

  /** The outcome of {@link #parse(byte[], Limits)}: a summary, or the reason the body was refused. */
  public sealed interface Parsed {

    /** A well-formed body. */
    record Ok(MessageSummary summary) implements Parsed {
      public Ok {
        Objects.requireNonNull(summary, "summary");
      }
    }

    /** A refused body, with a reason fit for a log line or a SIP reason phrase. */
    record Bad(String reason) implements Parsed {
      public Bad {
        Objects.requireNonNull(reason, "reason");
      }
    }
  }

  /** Parses {@code body} under {@link Limits#DEFAULT}. */
  public static Parsed parse(byte[] body) {
    return parse(body, Limits.DEFAULT);
  }

  /**
   * Parses a message-summary body. Lines may end in CRLF or in LF alone; the message headers that
   * may follow an empty line are skipped, not stored.
   */
  public static Parsed parse(byte[] body, Limits limits) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(limits, "limits");
    try {
      return new Parsed.Ok(read(body, limits));
    } catch (Refused refused) {
      return new Parsed.Bad(refused.getMessage());
    }
  }

  /**
   * Writes {@code summary} as {@code Messages-Waiting}, then {@code Message-Account} when there
   * is one, then one line per class present, always with the urgent counts; CRLF line ends, UTF-8.
   * Parsing the result gives back {@code summary} whenever its counts are within the limits used.
   */
  public static byte[] format(MessageSummary summary) {
    StringBuilder out = new StringBuilder(128);
    out.append(MESSAGES_WAITING).append(": ")
        .append(summary.messagesWaiting() ? "yes" : "no")
        .append(CRLF);
    if (summary.messageAccount() != null) {
      out.append(MESSAGE_ACCOUNT).append(": ").append(summary.messageAccount()).append(CRLF);
    }
    summary.counts().forEach((messageClass, counts) -> out
        .append(messageClass.token()).append(": ")
        .append(counts.newMessages()).append('/').append(counts.oldMessages())
        .append(" (").append(counts.urgentNew()).append('/').append(counts.urgentOld())
        .append(')')
        .append(CRLF));
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static MessageSummary read(byte[] body, Limits limits) throws Refused {
    if (body.length > limits.maxBodyBytes()) {
      throw new Refused("body larger than " + limits.maxBodyBytes() + " bytes");
    }
    String text = decode(body);
    checkCharacters(text);
    return readSummary(text.split("\r?\n", -1), limits);
  }

  private static String decode(byte[] body) throws Refused {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Refused("body is not UTF-8");
    }
  }

  private static void checkCharacters(String text) throws Refused {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r') {
        if (i + 1 == text.length() || text.charAt(i + 1) != '\n') {
          throw new Refused("body contains a CR that does not end a line");
        }
      } else if (c != '\n' && c != '\t' && Character.isISOControl(c)) {
        throw new Refused("body contains a control character");
      }
    }
  }

  private static MessageSummary readSummary(String[] lines, Limits limits) throws Refused {
    Boolean waiting = null;
    String account = null;
    Map<MessageClass, Counts> counts = new EnumMap<>(MessageClass.class);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      // RFC 3842 §5.2: opt-msg-headers open with an empty line; they describe single
      // messages and are not part of the summary.
      if (line.isBlank()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new Refused("line without a colon");
      }
      String name = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (!TOKEN.matcher(name).matches()) {
        throw new Refused("malformed header name");
      }
      if (name.equalsIgnoreCase(MESSAGES_WAITING)) {
        // RFC 3842 §5.2: message-summary = msg-status-line CRLF ...
        if (i != 0) {
          throw new Refused("Messages-Waiting must be the first line");
        }
        waiting = readStatus(value);
      } else if (name.equalsIgnoreCase(MESSAGE_ACCOUNT)) {
        // RFC 3842 §5.2: at most one [msg-account CRLF].
        if (account != null) {
          throw new Refused("Message-Account appears twice");
        }
        if (!MessageSummary.looksLikeUri(value)) {
          throw new Refused("Message-Account must be a URI");
        }
        account = value;
      } else {
        Optional<MessageClass> messageClass = MessageClass.fromToken(name);
        if (messageClass.isPresent()) {
          MessageClass known = messageClass.get();
          if (counts.containsKey(known)) {
            throw new Refused(known.token() + " appears twice");
          }
          counts.put(known, readCounts(known, value, limits));
        }
        // Any other header is an extension and is ignored.
      }
    }
    if (waiting == null) {
      throw new Refused("Messages-Waiting missing");
    }
    return new MessageSummary(waiting, account, counts);
  }

  private static boolean readStatus(String value) throws Refused {
    // RFC 3842 §5.2: msg-status = "yes" / "no", ignoring case (RFC 5234 §2.3).
    if (value.equalsIgnoreCase("yes")) {
      return true;
    }
    if (value.equalsIgnoreCase("no")) {
      return false;
    }
    throw new Refused("Messages-Waiting must be yes or no");
  }

  private static Counts readCounts(MessageClass messageClass, String value, Limits limits) throws Refused {
    Matcher matcher = COUNTS.matcher(value);
    if (!matcher.matches()) {
      throw new Refused(
          messageClass.token() + " must be new/old with optional (urgent new/urgent old)");
    }
    int[] numbers = new int[4];
    for (int group = 1; group <= 4; group++) {
      String digits = matcher.group(group);
      if (digits != null) {
        numbers[group - 1] = readCount(messageClass, digits, limits.maxCount());
      }
    }
    return new Counts(numbers[0], numbers[1], numbers[2], numbers[3]);
  }

  private static int readCount(MessageClass messageClass, String digits, int maxCount) throws Refused {
    long count = 0;
    for (int i = 0; i < digits.length(); i++) {
      count = count * 10 + (digits.charAt(i) - '0');
      if (count > maxCount) {
        throw new Refused(messageClass.token() + " count above " + maxCount);
      }
    }
    return (int) count;
  }

  /** Why a body is refused; caught in {@link #parse(byte[], Limits)} and never thrown to callers. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason, null, false, false);
    }
  }
}
