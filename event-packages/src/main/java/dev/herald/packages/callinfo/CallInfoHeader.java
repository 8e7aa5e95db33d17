package dev.herald.packages.callinfo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the Call-Info headers of shared line appearances: those a call-info PUBLISH carries, and
 * the one a line-seize SUBSCRIBE names its appearance with. Bad input is a {@link Rejected} with
 * status 400 and the reason, never an exception.
 *
 * <p>A line-seize SUBSCRIBE names the appearance it seizes in a Call-Info header with an
 * appearance-index (BroadWorks SIP Access Side Extensions, Call-Info in SUBSCRIBE requests; OpenSIPS
 * presence_callinfo and Kamailio sca read it from there). Herald does not pick a free appearance for
 * a SUBSCRIBE without one: it refuses it.
 */
public final class CallInfoHeader {

  /**
   * @param maxChars the most characters all Call-Info values of one request may hold together
   * @param maxEntries the most comma-separated entries they may hold together
   * @param maxIndex the highest appearance-index accepted
   */
  public record Limits(int maxChars, int maxEntries, int maxIndex) {

    public static final Limits DEFAULTS = new Limits(8 * 1024, 64, 999);

    public Limits {
      if (maxChars < 1 || maxEntries < 1 || maxIndex < 0) {
        throw new IllegalArgumentException("bad limits: " + maxChars + ", " + maxEntries + ", " + maxIndex);
      }
    }
  }

  /** What {@link #parse} made of a PUBLISH's Call-Info headers. */
  public sealed interface Result {}

  /** What {@link #parseSeize} made of a line-seize SUBSCRIBE's Call-Info headers. */
  public sealed interface SeizeRequest {}

  /** The appearances, in header order; a single {@link AppearanceIndex#ALL} one when all are idle. */
  public record Parsed(List<Appearance> appearances) implements Result {

    public Parsed {
      appearances = List.copyOf(appearances);
    }
  }

  /** The appearance a line-seize SUBSCRIBE asks for. */
  public record Seize(int index) implements SeizeRequest {}

  /** Input Herald refuses, with the status and reason phrase to answer. */
  public record Rejected(int status, String reason) implements Result, SeizeRequest {}

  private static final String INDEX = "appearance-index";
  private static final String STATE = "appearance-state";
  private static final String APPEARANCE_URI = "appearance-uri";
  /** RFC 3261 §25.1: token characters besides letters and digits. */
  private static final String TOKEN_MARKS = "-.!%*_+`'~";
  /** RFC 3261 §25.1 gen-value may be a host: IPv6 references add these to token characters. */
  private static final String HOST_MARKS = "[]:";
  private static final int MAX_INDEX_DIGITS = 9;

  private record Entry(String uri, List<Appearance.Param> params) {}

  private CallInfoHeader() {}

  /** The appearances of {@code headerValues}, with {@link Limits#DEFAULTS}. */
  public static Result parse(List<String> headerValues) {
    return parse(headerValues, Limits.DEFAULTS);
  }

  /**
   * The appearances a call-info PUBLISH's Call-Info {@code headerValues} describe. Entries without
   * appearance parameters (a {@code purpose=icon} URI, say) are skipped.
   */
  public static Result parse(List<String> headerValues, Limits limits) {
    List<Entry> entries = new ArrayList<>();
    Optional<Rejected> bad = scan(headerValues, limits, entries);
    if (bad.isPresent()) {
      return bad.get();
    }
    if (entries.isEmpty()) {
      return rejected("No Call-Info header");
    }
    List<Appearance> appearances = new ArrayList<>();
    Set<AppearanceIndex> seen = new HashSet<>();
    for (Entry entry : entries) {
      Optional<String> index = single(entry, INDEX);
      Optional<String> state = single(entry, STATE);
      Optional<String> appearanceUri = single(entry, APPEARANCE_URI);
      if (isDuplicated(entry)) {
        return rejected("Call-Info repeats an appearance parameter");
      }
      if (index.isEmpty()) {
        if (state.isPresent()) {
          return rejected("appearance-state without appearance-index");
        }
        continue;
      }
      Optional<AppearanceIndex> parsedIndex = index(index.get(), limits);
      if (parsedIndex.isEmpty()) {
        return rejected("appearance-index is not a number up to " + limits.maxIndex() + " or *");
      }
      if (state.isEmpty()) {
        return rejected("appearance-index " + parsedIndex.get() + " without appearance-state");
      }
      Optional<AppearanceState> parsedState = AppearanceState.fromToken(state.get());
      if (parsedState.isEmpty()) {
        return rejected("Unknown appearance-state");
      }
      // BroadWorks SCA: "*" only ever says that every appearance is idle.
      if (parsedIndex.get() instanceof AppearanceIndex.All && parsedState.get() != AppearanceState.IDLE) {
        return rejected("appearance-index=* only with appearance-state=idle");
      }
      if (!seen.add(parsedIndex.get())) {
        return rejected("appearance-index " + parsedIndex.get() + " given twice");
      }
      List<Appearance.Param> others = entry.params().stream()
          .filter(p -> !isAppearanceParam(p.name()))
          .toList();
      appearances.add(new Appearance(parsedIndex.get(), parsedState.get(), entry.uri(), appearanceUri, others));
    }
    if (appearances.isEmpty()) {
      return rejected("No appearance-index in Call-Info");
    }
    if (seen.contains(AppearanceIndex.ALL) && appearances.size() > 1) {
      return rejected("appearance-index=* with other appearances");
    }
    return new Parsed(appearances);
  }

  /** The appearance a line-seize SUBSCRIBE's Call-Info {@code headerValues} ask for. */
  public static SeizeRequest parseSeize(List<String> headerValues, Limits limits) {
    List<Entry> entries = new ArrayList<>();
    Optional<Rejected> bad = scan(headerValues, limits, entries);
    if (bad.isPresent()) {
      return bad.get();
    }
    List<String> indexes = new ArrayList<>();
    for (Entry entry : entries) {
      if (isDuplicated(entry)) {
        return rejected("Call-Info repeats an appearance parameter");
      }
      single(entry, INDEX).ifPresent(indexes::add);
    }
    if (indexes.isEmpty()) {
      return rejected("line-seize needs a Call-Info appearance-index");
    }
    if (indexes.size() > 1) {
      return rejected("line-seize names more than one appearance");
    }
    Optional<AppearanceIndex> index = index(indexes.get(0), limits);
    if (index.isEmpty() || !(index.get() instanceof AppearanceIndex.Numbered numbered)) {
      return rejected("line-seize appearance-index is not a number up to " + limits.maxIndex());
    }
    return new Seize(numbered.value());
  }

  private static Rejected rejected(String reason) {
    return new Rejected(400, reason);
  }

  /** Splits {@code values} into entries (RFC 3261 §20.9: info *(COMMA info)) into {@code out}. */
  private static Optional<Rejected> scan(List<String> values, Limits limits, List<Entry> out) {
    Objects.requireNonNull(limits, "limits");
    if (values == null) {
      return Optional.empty();
    }
    long chars = 0;
    for (String value : values) {
      chars += value == null ? 0 : value.length();
    }
    if (chars > limits.maxChars()) {
      return Optional.of(rejected("Call-Info longer than " + limits.maxChars() + " characters"));
    }
    for (String value : values) {
      if (value == null) {
        continue;
      }
      List<String> pieces = new ArrayList<>();
      Optional<String> problem = split(value, ',', pieces);
      if (problem.isPresent()) {
        return Optional.of(rejected(problem.get()));
      }
      for (String piece : pieces) {
        if (piece.isBlank()) {
          continue;
        }
        if (out.size() == limits.maxEntries()) {
          return Optional.of(rejected("Call-Info has more than " + limits.maxEntries() + " entries"));
        }
        Optional<String> entryProblem = entry(piece.strip(), out);
        if (entryProblem.isPresent()) {
          return Optional.of(rejected(entryProblem.get()));
        }
      }
    }
    return Optional.empty();
  }

  /** RFC 3261 §20.9: info = LAQUOT absoluteURI RAQUOT *( SEMI info-param ). */
  private static Optional<String> entry(String text, List<Entry> out) {
    int close = text.indexOf('>');
    if (!text.startsWith("<") || close < 0) {
      return Optional.of("Call-Info entry is not <URI>;parameters");
    }
    String uri = text.substring(1, close).strip();
    if (uri.isEmpty()) {
      return Optional.of("Call-Info entry has an empty URI");
    }
    List<String> pieces = new ArrayList<>();
    Optional<String> problem = split(text.substring(close + 1), ';', pieces);
    if (problem.isPresent()) {
      return problem;
    }
    if (!pieces.get(0).isBlank()) {
      return Optional.of("Call-Info entry has text between URI and parameters");
    }
    List<Appearance.Param> params = new ArrayList<>();
    for (String piece : pieces.subList(1, pieces.size())) {
      int equals = piece.indexOf('=');
      String name = (equals < 0 ? piece : piece.substring(0, equals)).strip();
      Optional<String> value = equals < 0 ? Optional.empty() : Optional.of(piece.substring(equals + 1).strip());
      if (!isToken(name, "") || !value.map(CallInfoHeader::isGenValue).orElse(true)) {
        return Optional.of("Call-Info has a malformed parameter");
      }
      params.add(new Appearance.Param(name, value));
    }
    out.add(new Entry(uri, params));
    return Optional.empty();
  }

  /**
   * Splits {@code text} at each {@code separator} outside a quoted string and outside {@code <>}
   * into {@code out}; refuses control characters, which no header value may hold (RFC 3261 §25.1).
   */
  private static Optional<String> split(String text, char separator, List<String> out) {
    boolean quoted = false;
    boolean angled = false;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return Optional.of("Call-Info holds a control character");
      }
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '<') {
        angled = true;
      } else if (c == '>') {
        angled = false;
      } else if (c == separator && !angled) {
        out.add(text.substring(start, i));
        start = i + 1;
      }
    }
    if (quoted || angled) {
      return Optional.of("Call-Info has an unclosed quote or <");
    }
    out.add(text.substring(start));
    return Optional.empty();
  }

  private static Optional<String> single(Entry entry, String name) {
    return entry.params().stream()
        .filter(p -> p.name().equalsIgnoreCase(name))
        .findFirst()
        .map(p -> p.value().orElse(""));
  }

  private static boolean isDuplicated(Entry entry) {
    Set<String> names = new HashSet<>();
    return entry.params().stream()
        .map(p -> p.name().toLowerCase(Locale.ROOT))
        .filter(CallInfoHeader::isAppearanceParam)
        .anyMatch(n -> !names.add(n));
  }

  private static boolean isAppearanceParam(String name) {
    return name.equalsIgnoreCase(INDEX) || name.equalsIgnoreCase(STATE) || name.equalsIgnoreCase(APPEARANCE_URI);
  }

  private static Optional<AppearanceIndex> index(String text, Limits limits) {
    if (text.equals("*")) {
      return Optional.of(AppearanceIndex.ALL);
    }
    if (text.isEmpty() || text.length() > MAX_INDEX_DIGITS || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    int value = Integer.parseInt(text);
    return value > limits.maxIndex() ? Optional.empty() : Optional.of(new AppearanceIndex.Numbered(value));
  }

  /** RFC 3261 §25.1: gen-value = token / host / quoted-string. */
  private static boolean isGenValue(String value) {
    return isToken(value, HOST_MARKS) || isQuotedString(value);
  }

  private static boolean isToken(String text, String extraMarks) {
    return !text.isEmpty() && text.chars().allMatch(c -> c < 0x80
        && (Character.isLetterOrDigit(c) || TOKEN_MARKS.indexOf(c) >= 0 || extraMarks.indexOf(c) >= 0));
  }

  private static boolean isQuotedString(String value) {
    if (value.length() < 2 || value.charAt(0) != '"') {
      return false;
    }
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i == value.length() - 1;
      }
    }
    return false;
  }
}
