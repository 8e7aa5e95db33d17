package dev.herald.processor.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Binding;
import dev.herald.avro.Registration;
import org.junit.jupiter.api.Test;

class RegistrarEventParserTest {

  /** 2024-05-01T10:00:00Z */
  private static final long NOW_MS = 1_714_557_600_000L;
  private static final long NOW_S = NOW_MS / 1000;

  private final RegistrarEventParser parser = new RegistrarEventParser(RegistrarEventParser.Limits.DEFAULTS);

  private static String rpc(String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + "}";
  }

  private static String contact(long expires) {
    return "{\"domain\":\"location\",\"aor\":\"alice@example.com\",\"uri\":\"sip:alice@192.0.2.10:5060\","
        + "\"received\":\"sip:203.0.113.5:61000\",\"path\":\"\",\"qval\":500,\"user_agent\":\"Yealink T46\","
        + "\"socket\":\"udp:192.0.2.1:5060\",\"bflags\":0,\"expires\":" + expires + ",\"callid\":\"c1@phone\","
        + "\"cseq\":12,\"attr\":\"\",\"latency\":0,\"shtag\":\"\"}";
  }

  private RegistrarEvent.Parsed parsed(String json) {
    RegistrarEvent event = parser.parse(json, NOW_MS, "opensips-1");
    assertThat(event).isInstanceOf(RegistrarEvent.Parsed.class);
    return (RegistrarEvent.Parsed) event;
  }

  private String rejected(String json) {
    return rejected(parser, json);
  }

  private static String rejected(RegistrarEventParser parser, String json) {
    RegistrarEvent event = parser.parse(json, NOW_MS, "opensips-1");
    assertThat(event).isInstanceOf(RegistrarEvent.Rejected.class);
    return ((RegistrarEvent.Rejected) event).reason();
  }

  private Binding onlyBinding(String json) {
    Registration registration = parsed(json).registration();
    assertThat(registration.getBindings()).hasSize(1);
    return registration.getBindings().get(0);
  }

  @Test
  void contactInsertIsARegistrationOfOneBinding() {
    RegistrarEvent.Parsed parsed = parsed(rpc("E_UL_CONTACT_INSERT", contact(NOW_S + 3600)));

    assertThat(parsed.resourceKey()).isEqualTo("presence|sip:alice@example.com");
    Registration registration = parsed.registration();
    assertThat(registration.getAor()).isEqualTo("sip:alice@example.com");
    assertThat(registration.getCallId()).isEqualTo("c1@phone");
    assertThat(registration.getCseq()).isEqualTo(12);
    assertThat(registration.getSource()).isEqualTo("opensips-1");
    assertThat(registration.getUserAgent()).isEqualTo("Yealink T46");
    assertThat(registration.getRemoveAll()).isFalse();
    Binding binding = registration.getBindings().get(0);
    assertThat(binding.getContact()).isEqualTo("sip:alice@192.0.2.10:5060");
    assertThat(binding.getExpires()).isEqualTo(3600);
    assertThat(binding.getQ()).isEqualTo("0.5");
    assertThat(binding.getInstanceId()).isNull();
    assertThat(binding.getRegId()).isNull();
  }

  @Test
  void contactUpdateAndRefreshAreRegistrationsToo() {
    assertThat(onlyBinding(rpc("E_UL_CONTACT_UPDATE", contact(NOW_S + 120))).getExpires()).isEqualTo(120);
    assertThat(onlyBinding(rpc("E_UL_CONTACT_REFRESH", contact(NOW_S + 60))).getExpires()).isEqualTo(60);
  }

  @Test
  void contactDeleteIsABindingWithExpiresZero() {
    Binding binding = onlyBinding(rpc("E_UL_CONTACT_DELETE", contact(NOW_S + 3600)));

    assertThat(binding.getContact()).isEqualTo("sip:alice@192.0.2.10:5060");
    assertThat(binding.getExpires()).isZero();
  }

  @Test
  void aorDeleteRemovesEveryBinding() {
    RegistrarEvent.Parsed parsed =
        parsed(rpc("E_UL_AOR_DELETE", "{\"domain\":\"location\",\"aor\":\"alice@example.com\"}"));

    assertThat(parsed.resourceKey()).isEqualTo("presence|sip:alice@example.com");
    assertThat(parsed.registration().getRemoveAll()).isTrue();
    assertThat(parsed.registration().getBindings()).isEmpty();
    assertThat(parsed.registration().getSource()).isEqualTo("opensips-1");
  }

  @Test
  void bareParamsWithAnEventFieldAreAcceptedToo() {
    String bare = "{\"event\":\"E_UL_CONTACT_INSERT\"," + contact(NOW_S + 300).substring(1);

    assertThat(onlyBinding(bare).getExpires()).isEqualTo(300);
  }

  @Test
  void aorAndContactEventsThatChangeNoBindingAreIgnored() {
    assertThat(parser.parse(rpc("E_UL_AOR_INSERT", "{\"aor\":\"alice@example.com\"}"), NOW_MS, "o"))
        .isInstanceOf(RegistrarEvent.Ignored.class);
    assertThat(parser.parse(rpc("E_UL_LATENCY_UPDATE", contact(NOW_S + 60)), NOW_MS, "o"))
        .isInstanceOf(RegistrarEvent.Ignored.class);
  }

  @Test
  void smallExpiresIsSecondsLeftAndLargeIsAUnixTime() {
    assertThat(onlyBinding(rpc("E_UL_CONTACT_INSERT", contact(1800))).getExpires()).isEqualTo(1800);
    assertThat(onlyBinding(rpc("E_UL_CONTACT_INSERT", contact(NOW_S + 1800))).getExpires()).isEqualTo(1800);
  }

  @Test
  void expiresIsAtLeastOneSecondAndAtMostTheLimit() {
    assertThat(onlyBinding(rpc("E_UL_CONTACT_UPDATE", contact(NOW_S - 30))).getExpires()).isEqualTo(1);
    assertThat(onlyBinding(rpc("E_UL_CONTACT_UPDATE", contact(-5))).getExpires()).isEqualTo(1);
    assertThat(onlyBinding(rpc("E_UL_CONTACT_UPDATE", contact(NOW_S + 10 * 86_400))).getExpires())
        .isEqualTo(RegistrarEventParser.Limits.DEFAULTS.maxExpiresSeconds());
  }

  @Test
  void permanentContactLivesForTheLongestExpiry() {
    assertThat(onlyBinding(rpc("E_UL_CONTACT_INSERT", contact(0))).getExpires())
        .isEqualTo(RegistrarEventParser.Limits.DEFAULTS.maxExpiresSeconds());
  }

  @Test
  void numbersWrittenAsStringsAreRead() {
    String json = rpc("E_UL_CONTACT_INSERT", "{\"aor\":\"alice@example.com\",\"uri\":\"sip:alice@192.0.2.10\","
        + "\"expires\":\"600\",\"cseq\":\"7\",\"qval\":\"0.25\",\"reg_id\":\"1\","
        + "\"instance\":\"\\\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\\\"\"}");

    Registration registration = parsed(json).registration();
    Binding binding = registration.getBindings().get(0);
    assertThat(binding.getExpires()).isEqualTo(600);
    assertThat(registration.getCseq()).isEqualTo(7);
    assertThat(binding.getQ()).isEqualTo("0.25");
    assertThat(binding.getRegId()).isEqualTo(1);
    assertThat(binding.getInstanceId()).isEqualTo("<urn:uuid:00000000-0000-1000-8000-000A95A0E128>");
  }

  @Test
  void qValueFormsOfUsrlocAndOfContactHeadersAreRead() {
    String base = "{\"aor\":\"alice@example.com\",\"uri\":\"sip:alice@192.0.2.10\",\"expires\":60,\"qval\":";
    assertThat(onlyBinding(rpc("E_UL_CONTACT_INSERT", base + "1000}")).getQ()).isEqualTo("1.0");
    assertThat(onlyBinding(rpc("E_UL_CONTACT_INSERT", base + "0}")).getQ()).isEqualTo("0.0");
    assertThat(onlyBinding(rpc("E_UL_CONTACT_INSERT", base + "-1}")).getQ()).isNull();
    assertThat(onlyBinding(rpc("E_UL_CONTACT_INSERT", base + "0.7}")).getQ()).isEqualTo("0.7");
    assertThat(rejected(rpc("E_UL_CONTACT_INSERT", base + "1500}"))).contains("qval");
    assertThat(rejected(rpc("E_UL_CONTACT_INSERT", base + "\"high\"}"))).contains("qval");
  }

  @Test
  void missingOptionalFieldsLeaveDefaults() {
    Registration registration = parsed(rpc("E_UL_CONTACT_INSERT",
        "{\"aor\":\"alice@example.com\",\"uri\":\"sip:alice@192.0.2.10\",\"expires\":60}")).registration();

    assertThat(registration.getCallId()).isEmpty();
    assertThat(registration.getCseq()).isZero();
    assertThat(registration.getUserAgent()).isNull();
    assertThat(registration.getBindings().get(0).getQ()).isNull();
  }

  @Test
  void missingRequiredFieldsAreRejectedWithTheirName() {
    assertThat(rejected(rpc("E_UL_CONTACT_INSERT", "{\"uri\":\"sip:a@b\",\"expires\":60}"))).contains("aor");
    assertThat(rejected(rpc("E_UL_CONTACT_INSERT", "{\"aor\":\"a@b\",\"expires\":60}"))).contains("uri");
    assertThat(rejected(rpc("E_UL_CONTACT_INSERT", "{\"aor\":\"a@b\",\"uri\":\"sip:a@c\"}"))).contains("expires");
    assertThat(rejected("{\"jsonrpc\":\"2.0\",\"method\":\"E_UL_CONTACT_INSERT\"}")).contains("params");
    assertThat(rejected("{\"aor\":\"a@b\",\"uri\":\"sip:a@c\",\"expires\":60}")).contains("method");
  }

  @Test
  void badNumbersAreRejected() {
    assertThat(rejected(rpc("E_UL_CONTACT_INSERT", "{\"aor\":\"a@b\",\"uri\":\"sip:a@c\",\"expires\":\"soon\"}")))
        .contains("expires");
    assertThat(rejected(rpc("E_UL_CONTACT_INSERT",
        "{\"aor\":\"a@b\",\"uri\":\"sip:a@c\",\"expires\":60,\"reg_id\":0}"))).contains("reg_id");
    assertThat(rejected(rpc("E_UL_CONTACT_INSERT",
        "{\"aor\":\"a@b\",\"uri\":\"sip:a@c\",\"expires\":60,\"cseq\":-3}"))).contains("cseq");
  }

  @Test
  void badJsonIsRejectedNotThrown() {
    assertThat(rejected("{\"method\":")).startsWith("not JSON");
    assertThat(rejected(rpc("E_UL_AOR_DELETE", "{\"aor\":\"a@b\"}") + " trailing")).startsWith("not JSON");
    assertThat(rejected("[1,2]")).isEqualTo("not a JSON object");
    assertThat(rejected("")).isEqualTo("empty record");
    assertThat(rejected(null)).isEqualTo("empty record");
    assertThat(rejected(rpc("E_UL_CONTACT_INSERT", "[\"alice@example.com\"]"))).contains("params");
  }

  @Test
  void oversizeRecordIsRejectedUnread() {
    RegistrarEventParser small = new RegistrarEventParser(new RegistrarEventParser.Limits(64, 3600));
    String json = rpc("E_UL_CONTACT_INSERT", contact(60));

    assertThat(rejected(small, json)).contains("larger than 64 bytes");
  }

  @Test
  void unknownMethodIsRejectedByName() {
    assertThat(rejected(rpc("E_UL_CONTACT_EXPLODE", contact(60))))
        .isEqualTo("unknown usrloc event E_UL_CONTACT_EXPLODE");
  }

  @Test
  void aorIsNormalisedWithOrWithoutScheme() {
    assertThat(parsed(rpc("E_UL_AOR_DELETE", "{\"aor\":\"alice@EXAMPLE.com\"}")).resourceKey())
        .isEqualTo("presence|sip:alice@example.com");
    assertThat(parsed(rpc("E_UL_AOR_DELETE", "{\"aor\":\"SIP:alice@Example.COM;transport=tcp\"}")).resourceKey())
        .isEqualTo("presence|sip:alice@example.com");
    assertThat(parsed(rpc("E_UL_AOR_DELETE", "{\"aor\":\"<sips:bob@example.com>\"}")).registration().getAor())
        .isEqualTo("sips:bob@example.com");
  }

  @Test
  void aorWithoutDomainIsRejectedSayingHeraldNeedsTheDomain() {
    String json = rpc("E_UL_CONTACT_INSERT", "{\"aor\":\"alice\",\"uri\":\"sip:alice@192.0.2.10\",\"expires\":60}");
    assertThat(rejected(json))
        .contains("has no domain").contains("use_domain");
  }

  @Test
  void aorThatIsNoSipUriIsRejected() {
    assertThat(rejected(rpc("E_UL_AOR_DELETE", "{\"aor\":\"mailto:alice@example.com\"}"))).contains("not a SIP URI");
  }
}
