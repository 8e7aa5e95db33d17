package dev.herald.registrant.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.RegistrantAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UacAccountLineTest {

  private static final AccountLimits LIMITS = AccountLimits.defaults();

  /** The example of uac_registrant's documentation of its uac parameter. */
  private static final String DOC_EXAMPLE = "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,,";

  private static RegistrantAccount account(String line) {
    AccountCheck check = UacAccountLine.parse(line, LIMITS);
    assertThat(check).as("%s", check).isInstanceOf(AccountCheck.Valid.class);
    return ((AccountCheck.Valid) check).account();
  }

  private static String reason(String line) {
    AccountCheck check = UacAccountLine.parse(line, LIMITS);
    assertThat(check).as("%s", check).isInstanceOf(AccountCheck.Invalid.class);
    return ((AccountCheck.Invalid) check).reason();
  }

  @Test
  void theDocumentationExampleIsAnAccountWithEmptyFieldsUnsetAndTheDefaultExpiry() {
    RegistrantAccount account = account(DOC_EXAMPLE);
    assertThat(account.getAccountId()).isEqualTo("sip:user@opensips.org");
    assertThat(account.getRegistrar()).isEqualTo("sip:opensips.org");
    assertThat(account.getProxy()).isNull();
    assertThat(account.getAor()).isEqualTo("sip:user@opensips.org");
    assertThat(account.getThirdPartyRegistrant()).isNull();
    assertThat(account.getUsername()).isEqualTo("user");
    assertThat(account.getPassword()).isEqualTo("password");
    assertThat(account.getBindingUri()).isEqualTo("sip:user@ip");
    assertThat(account.getBindingParams()).isNull();
    assertThat(account.getExpiry()).isEqualTo(3600);
    assertThat(account.getForcedSocket()).isNull();
    assertThat(account.getEnabled()).isTrue();
  }

  @Test
  void everyFieldLandsInItsPlace() {
    RegistrantAccount account = account("sips:reg.example.net:5061;transport=tcp,sip:proxy.example.net,"
        + "sip:+4930123@example.net,sip:pbx@example.org,auth-user,s3cr#t!,sip:4930123@192.0.2.10:5070,"
        + ";reg-id=1;+sip.instance=\"<urn:uuid:11111111-AABBCCDDEEFF>\",600,udp:192.0.2.10:5070");
    assertThat(account.getRegistrar()).isEqualTo("sips:reg.example.net:5061;transport=tcp");
    assertThat(account.getProxy()).isEqualTo("sip:proxy.example.net");
    assertThat(account.getAor()).isEqualTo("sip:+4930123@example.net");
    assertThat(account.getAccountId()).isEqualTo("sip:+4930123@example.net");
    assertThat(account.getThirdPartyRegistrant()).isEqualTo("sip:pbx@example.org");
    assertThat(account.getUsername()).isEqualTo("auth-user");
    assertThat(account.getPassword()).isEqualTo("s3cr#t!");
    assertThat(account.getBindingUri()).isEqualTo("sip:4930123@192.0.2.10:5070");
    assertThat(account.getBindingParams()).isEqualTo(";reg-id=1;+sip.instance=\"<urn:uuid:11111111-AABBCCDDEEFF>\"");
    assertThat(account.getExpiry()).isEqualTo(600);
    assertThat(account.getForcedSocket()).isEqualTo("udp:192.0.2.10:5070");
  }

  @Test
  void blanksAroundTheLineAndAWindowsLineEndAreIgnored() {
    assertThat(account("  " + DOC_EXAMPLE + "\r").getUsername()).isEqualTo("user");
  }

  @Test
  void stateZeroIsEnabledAndOneDisabled() {
    assertThat(account(DOC_EXAMPLE + ",,0").getEnabled()).isTrue();
    assertThat(account(DOC_EXAMPLE + ",,1").getEnabled()).isFalse();
    assertThat(account(DOC_EXAMPLE + ",,").getEnabled()).isTrue();
  }

  @Test
  void aClusterSharingTagIsAcceptedAndNotedAsIgnored() {
    AccountCheck check = UacAccountLine.parse(DOC_EXAMPLE + ",reg/1", LIMITS);
    assertThat(check).isInstanceOf(AccountCheck.Valid.class);
    assertThat(((AccountCheck.Valid) check).notes()).singleElement().asString().contains("cluster_shtag reg/1 ignored");
  }

  @Test
  void aLineWithoutSharingTagHasNoNotes() {
    assertThat(((AccountCheck.Valid) UacAccountLine.parse(DOC_EXAMPLE, LIMITS)).notes()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,,,,,"})
  void aWrongNumberOfFieldsIsRejected(String line) {
    assertThat(reason(line)).contains("fields where uac_registrant has 10");
  }

  @Test
  void aCommaInsideAFieldShiftsTheFieldsAndIsRejected() {
    assertThat(reason("sip:opensips.org,,sip:user@opensips.org,,user,pass,word,sip:user@ip,,,"))
        .contains("binding_URI");
  }

  @Test
  void aSpaceInsideAFieldIsRejectedBecauseUacRegistrantHasNoEscaping() {
    assertThat(reason("sip:opensips.org,,sip:user@opensips.org,,user,pass word,sip:user@ip,,,"))
        .contains("field 6 contains a space");
  }

  @CsvSource(delimiter = '|', value = {
      ",,sip:user@opensips.org,,user,password,sip:user@ip,,,|registrar is missing",
      "http://opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,,|registrar http://opensips.org is not a sip: or sips: URI",
      "sip:alice@opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,,|registrar sip:alice@opensips.org must not have a user part",
      "sip:opensips.org:70000,,sip:user@opensips.org,,user,password,sip:user@ip,,,|registrar sip:opensips.org:70000 has a port that is not 1 to 65535",
      "sip:,,sip:user@opensips.org,,user,password,sip:user@ip,,,|registrar sip: has no valid host",
      "sip:opensips.org,tel:+123,sip:user@opensips.org,,user,password,sip:user@ip,,,|proxy tel:+123 is not a sip: or sips: URI",
      "sip:opensips.org,sip:bob@proxy.org,sip:user@opensips.org,,user,password,sip:user@ip,,,|proxy sip:bob@proxy.org must not have a user part",
      "sip:opensips.org,,,,user,password,sip:user@ip,,,|aor is missing",
      "sip:opensips.org,,user@opensips.org,,user,password,sip:user@ip,,,|aor user@opensips.org is not a sip: or sips: URI",
      "sip:opensips.org,,sip:@opensips.org,,user,password,sip:user@ip,,,|aor sip:@opensips.org has an empty or malformed user part",
      "sip:opensips.org,,sip:user@opensips.org,mailto:x@y.org,user,password,sip:user@ip,,,|third_party_registrant mailto:x@y.org is not a sip: or sips: URI",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,,,,|binding_URI is missing",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@bad_host!,,,|binding_URI sip:user@bad_host! has no valid host",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@300.1.1.1,,,|binding_URI sip:user@300.1.1.1 has no valid host",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,reg-id=1,,|binding_params reg-id=1 must start with ';'",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,;=1,,|binding_params ;=1 are not ;name or ;name=value parameters",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,abc,|expiry abc is not a number of seconds",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,-5,|expiry -5 is not a number of seconds",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,0,|expiry 0 is not within 60..86400 s",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,59,|expiry 59 is not within 60..86400 s",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,86401,|expiry 86401 is not within 60..86400 s",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,99999999999,|expiry 99999999999 is too large",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,,foo:1.2.3.4:5060|forced_socket foo:1.2.3.4:5060 names an unknown transport foo",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,,udp:1.2.3.4:0|forced_socket udp:1.2.3.4:0 has a port that is not 1 to 65535",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,,udp:|forced_socket udp: has no host",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,,,shtag|cluster_shtag shtag is not name/cluster_id",
      "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,,,,2|state 2 is neither 0 (enabled) nor 1 (disabled)"})
  @ParameterizedTest
  void eachBadFieldIsRejectedWithItsReason(String line, String reason) {
    assertThat(reason(line)).contains(reason);
  }

  @Test
  void everyProblemOfALineIsReported() {
    assertThat(reason(",,user@x,,user,password,,,,")).contains("registrar is missing").contains("aor user@x")
        .contains("binding_URI is missing");
  }

  @Test
  void aRejectedPasswordIsNotRepeated() {
    assertThat(reason("sip:opensips.org,,sip:user@opensips.org,,user,pa\u0001ss,sip:user@ip,,,"))
        .contains("password contains").doesNotContain("pa\u0001ss");
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp:192.0.2.1:5060", "tcp:host.example.net:5080", "tls:[2001:db8::1]:5061",
      "192.0.2.1:5060", "udp:192.0.2.1", "[::1]:5060", "WSS:edge.example.net:443"})
  void forcedSocketsOpenSipsParsesAreAccepted(String socket) {
    assertThat(account(DOC_EXAMPLE + socket).getForcedSocket())
        .isEqualTo(socket);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sip:reg.example.net", "SIP:reg.example.net", "sips:reg.example.net:5061",
      "sip:192.0.2.1;transport=tcp", "sip:[2001:db8::1]:5060", "sip:reg.example.net?x=y"})
  void registrarUrisWithoutUserAreAccepted(String registrar) {
    assertThat(account(registrar + DOC_EXAMPLE.substring(DOC_EXAMPLE.indexOf(','))).getRegistrar())
        .isEqualTo(registrar);
  }

  @Test
  void expiryWithinTheConfiguredBoundsIsAcceptedAtBothEnds() {
    AccountLimits tight = new AccountLimits(100, 3600);
    String head = "sip:opensips.org,,sip:user@opensips.org,,user,password,sip:user@ip,,";
    assertThat(UacAccountLine.parse(head + "100,", tight)).isInstanceOf(AccountCheck.Valid.class);
    assertThat(UacAccountLine.parse(head + "3600,", tight)).isInstanceOf(AccountCheck.Valid.class);
    assertThat(UacAccountLine.parse(head + "99,", tight)).isInstanceOf(AccountCheck.Invalid.class);
    assertThat(UacAccountLine.parse(head + "3601,", tight)).isInstanceOf(AccountCheck.Invalid.class);
  }
}
