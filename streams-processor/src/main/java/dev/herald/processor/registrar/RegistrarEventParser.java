package dev.herald.processor.registrar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.herald.avro.Binding;
import dev.herald.avro.Registration;
import dev.herald.common.Json;
import dev.herald.schemas.ResourceKeys;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the binding changes an external registrar reports, in the form of OpenSIPS usrloc events
 * (E_UL_CONTACT_INSERT, _UPDATE, _REFRESH, _DELETE, E_UL_AOR_DELETE) as event_kafka or
 * event_routing publish them: {@code {"jsonrpc":"2.0","method":...,"params":{...}}}, or the params
 * object alone with the event name in {@code "event"}. Bad input is a {@link RegistrarEvent.Rejected}
 * with the reason, never an exception.
 */
public final class RegistrarEventParser {

  /**
   * @param maxJsonBytes larger records are refused unread
   * @param maxExpiresSeconds the longest a binding is kept; also the life of a permanent usrloc
   *     contact (expires 0), which Herald cannot keep for ever
   */
  public record Limits(int maxJsonBytes, int maxExpiresSeconds) {

    public static final Limits DEFAULTS = new Limits(16 * 1024, 24 * 3600);

    public Limits {
      if (maxJsonBytes < 1 || maxExpiresSeconds < 1) {
        throw new IllegalArgumentException("limits must be positive: " + maxJsonBytes + ", " + maxExpiresSeconds);
      }
    }
  }

  /** usrloc reports expiry as a Unix time; values past this are one, smaller ones seconds left. */
  private static final long ABSOLUTE_AFTER = 1_000_000_000L;
  /** RFC 3261 §20.10 qvalue, as a Contact header writes it. */
  private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");
  private static final int Q_SCALE = 3;
  /** One JSON value per record: text after it is a framing error, not something to skip. */
  private static final ObjectReader READER =
      Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Limits limits;

  public RegistrarEventParser(Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * The registration {@code json} reports, as seen at {@code nowMs}, attributed to the registrar
   * named {@code source}.
   */
  public RegistrarEvent parse(String json, long nowMs, String source) {
    Objects.requireNonNull(source, "source");
    if (json == null || json.isBlank()) {
      return rejected("empty record");
    }
    if (json.length() > limits.maxJsonBytes()
        || json.getBytes(StandardCharsets.UTF_8).length > limits.maxJsonBytes()) {
      return rejected("record larger than " + limits.maxJsonBytes() + " bytes");
    }
    JsonNode root;
    try {
      root = READER.readTree(json);
    } catch (JsonProcessingException e) {
      return rejected("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      return rejected("not a JSON object");
    }
    JsonNode params = root.has("method") ? root.get("params") : root;
    String method = text(root.has("method") ? root.get("method") : root.get("event"));
    if (method == null) {
      return rejected("no \"method\" or \"event\" names the usrloc event");
    }
    if (params == null || !params.isObject()) {
      return rejected(method + " has no params object");
    }
    return switch (method) {
      case "E_UL_CONTACT_INSERT", "E_UL_CONTACT_UPDATE", "E_UL_CONTACT_REFRESH" ->
          contactEvent(method, params, nowMs, source, false);
      case "E_UL_CONTACT_DELETE" -> contactEvent(method, params, nowMs, source, true);
      case "E_UL_AOR_DELETE" -> aorDelete(params, source);
      case "E_UL_AOR_INSERT" -> new RegistrarEvent.Ignored(method + " carries no binding; its contact events do");
      case "E_UL_LATENCY_UPDATE" -> new RegistrarEvent.Ignored(method + " changes no binding");
      default -> rejected("unknown usrloc event " + method);
    };
  }

  private RegistrarEvent contactEvent(String method, JsonNode params, long nowMs, String source, boolean delete) {
    Optional<String> aor = aor(params);
    if (aor.isEmpty()) {
      return aorProblem(params);
    }
    String contact = text(params.get("uri"));
    if (contact == null) {
      return rejected(method + " has no contact \"uri\"");
    }
    int expires = 0;
    if (!delete) {
      Optional<Long> raw = number(params.get("expires"));
      if (raw.isEmpty()) {
        return rejected(method + " has no numeric \"expires\"");
      }
      expires = secondsLeft(raw.get(), nowMs);
    }
    Optional<Long> cseq = number(params.get("cseq"));
    if (params.has("cseq") && (cseq.isEmpty() || cseq.get() < 0)) {
      return rejected(method + " has a cseq that is no CSeq number: " + params.get("cseq"));
    }
    // RFC 5626 §4.2: reg-id is a positive 31-bit integer.
    Optional<Long> regId = number(params.get("reg_id"));
    if (params.has("reg_id") && (regId.isEmpty() || regId.get() < 1 || regId.get() > Integer.MAX_VALUE)) {
      return rejected(method + " has a reg_id that is no reg-id: " + params.get("reg_id"));
    }
    JsonNode qval = params.get("qval");
    Optional<String> q = Optional.empty();
    if (isQGiven(qval)) {
      q = qNumber(qval).map(RegistrarEventParser::qText);
      if (q.isEmpty()) {
        return rejected(method + " has a qval that is no q value: " + qval);
      }
    }
    String instance = text(params.has("instance") ? params.get("instance") : params.get("sip_instance"));
    Binding binding = Binding.newBuilder()
        .setContact(contact)
        .setExpires(expires)
        .setQ(q.orElse(null))
        .setInstanceId(instance == null ? null : unquoted(instance))
        .setRegId(regId.map(Long::intValue).orElse(null))
        .build();
    return parsed(aor.get(), Registration.newBuilder()
        .setAor(aor.get())
        .setCallId(Optional.ofNullable(text(params.get("callid"))).orElse(""))
        .setCseq(cseq.orElse(0L))
        .setBindings(List.of(binding))
        .setSource(source)
        .setUserAgent(text(params.get("user_agent"))));
  }

  private RegistrarEvent aorDelete(JsonNode params, String source) {
    Optional<String> aor = aor(params);
    if (aor.isEmpty()) {
      return aorProblem(params);
    }
    return parsed(aor.get(), Registration.newBuilder()
        .setAor(aor.get())
        .setCallId("")
        .setCseq(0L)
        .setRemoveAll(true)
        .setSource(source));
  }

  private static RegistrarEvent parsed(String aor, Registration.Builder registration) {
    return new RegistrarEvent.Parsed(ResourceKeys.of("presence", aor), registration.build());
  }

  /** seconds left, at least 1 (the binding is live: a delete says otherwise), at most the limit. */
  private int secondsLeft(long expires, long nowMs) {
    if (expires == 0) {
      return limits.maxExpiresSeconds();
    }
    long left = expires > ABSOLUTE_AFTER ? expires - Math.floorDiv(nowMs, 1000L) : expires;
    return (int) Math.max(1, Math.min(left, limits.maxExpiresSeconds()));
  }

  /** The AOR as a normalised SIP URI; usrloc writes it without a scheme ("alice@example.com"). */
  private static Optional<String> aor(JsonNode params) {
    String raw = text(params.get("aor"));
    if (raw == null) {
      return Optional.empty();
    }
    String uri = raw.indexOf(':') < 0 ? "sip:" + raw : raw;
    return Optional.of(uri)
        .filter(u -> u.indexOf('@') > 0)
        .flatMap(ResourceKeys::normaliseUri)
        .filter(u -> u.startsWith("sip:") || u.startsWith("sips:"));
  }

  private static RegistrarEvent aorProblem(JsonNode params) {
    String raw = text(params.get("aor"));
    if (raw == null) {
      return rejected("no \"aor\"");
    }
    if (raw.indexOf('@') < 0) {
      return rejected("AOR " + raw + " has no domain: Herald keys presence by user@domain, so the"
          + " registrar must report AORs with their domain (OpenSIPS and Kamailio usrloc: use_domain=1)");
    }
    return rejected("AOR " + raw + " is not a SIP URI");
  }

  /** usrloc reports -1 for a contact registered without q (qvalue_t Q_UNSPECIFIED). */
  private static boolean isQGiven(JsonNode node) {
    return node != null && !node.isNull() && !(node.isTextual() && node.asText().isBlank())
        && !(node.isIntegralNumber() && node.asLong() == -1);
  }

  /**
   * The q value of a usrloc event: an integer is in thousandths, as usrloc keeps it (qvalue_t); a
   * decimal number, or a string as a Contact header writes it, is taken as written. Empty when it
   * is no q value (RFC 3261 §20.10: 0 to 1, three decimals at most).
   */
  private static Optional<BigDecimal> qNumber(JsonNode node) {
    BigDecimal value;
    if (node.isIntegralNumber()) {
      value = BigDecimal.valueOf(node.asLong(), Q_SCALE);
    } else if (node.isNumber()) {
      value = node.decimalValue();
    } else if (node.isTextual() && QVALUE.matcher(node.asText().strip()).matches()) {
      value = new BigDecimal(node.asText().strip());
    } else {
      return Optional.empty();
    }
    boolean inRange = value.signum() >= 0 && value.compareTo(BigDecimal.ONE) <= 0;
    return inRange && value.stripTrailingZeros().scale() <= Q_SCALE ? Optional.of(value) : Optional.empty();
  }

  /** As the edge writes a q value: "0.5", "1.0". */
  private static String qText(BigDecimal value) {
    String plain = value.stripTrailingZeros().toPlainString();
    return plain.indexOf('.') < 0 ? plain + ".0" : plain;
  }

  /** A JSON number, or a string of digits as some producers write every value. */
  private static Optional<Long> number(JsonNode node) {
    if (node == null) {
      return Optional.empty();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return Optional.of(node.asLong());
    }
    if (node.isTextual() && node.asText().strip().matches("-?[0-9]{1,18}")) {
      return Optional.of(Long.parseLong(node.asText().strip()));
    }
    return Optional.empty();
  }

  /** The non-blank text of a string or number node, stripped; null otherwise. */
  private static String text(JsonNode node) {
    if (node == null || !(node.isTextual() || node.isNumber())) {
      return null;
    }
    String text = node.asText().strip();
    return text.isEmpty() ? null : text;
  }

  private static String unquoted(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1) : value;
  }

  private static RegistrarEvent rejected(String reason) {
    return new RegistrarEvent.Rejected(reason);
  }
}
