package dev.herald.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Credential;
import dev.herald.avro.Header;
import dev.herald.common.Health;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sip.SipFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EdgeAuthenticatorTest {

  private static final long NOW = 1_795_000_000_000L;
  private static final byte[] SECRET = "edge-authenticator-test-secret!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static MessageFactory messages;

  private final Credential alice = Credential.newBuilder().setUsername("alice").setRealm("example.com")
      .setHa1Md5(DigestAlgorithm.MD5.ha1("alice", "example.com", "pw"))
      .setHa1Sha256(DigestAlgorithm.SHA_256.ha1("alice", "example.com", "pw"))
      .setAor("sip:alice@example.com").setUpdatedAtMs(0).build();

  @BeforeAll
  static void factories() throws Exception {
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    messages = factory.createMessageFactory();
  }

  private EdgeAuthenticator authenticator(List<DigestAlgorithm> algorithms) {
    AuthSettings settings = AuthSettings.of(Set.of("example.com"), SECRET, Duration.ofMinutes(5)).withAlgorithms(algorithms);
    return new EdgeAuthenticator(settings, (user, realm) -> user.equals("alice") ? Optional.of(alice) : Optional.empty(),
        Health::up);
  }

  private static Request register(String authorization) throws Exception {
    return messages.createRequest(("REGISTER sip:example.com SIP/2.0\n"
        + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-1\n"
        + "From: <sip:alice@example.com>;tag=a1\n"
        + "To: <sip:alice@example.com>\n"
        + "Call-ID: r1@192.0.2.10\n"
        + "CSeq: 2 REGISTER\n"
        + "Max-Forwards: 70\n"
        + "Contact: <sip:alice@192.0.2.10:5062>\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\n")
        + "Content-Length: 0\n\n").replace("\n", "\r\n"));
  }

  private static List<String> challenges(AuthDecision decision) {
    assertThat(decision).isInstanceOf(AuthDecision.Challenge.class);
    return ((AuthDecision.Challenge) decision).headers().stream().map(Header::getValue).toList();
  }

  private static String nonceOf(String challenge) {
    int start = challenge.indexOf("nonce=\"") + 7;
    return challenge.substring(start, challenge.indexOf('"', start));
  }

  private static String answer(DigestAlgorithm algorithm, String nonce) {
    String response = algorithm.response(algorithm.ha1("alice", "example.com", "pw"), nonce, "00000001", "c1", "auth",
        "REGISTER", "sip:example.com");
    return "Digest username=\"alice\", realm=\"example.com\", nonce=\"" + nonce + "\", uri=\"sip:example.com\", "
        + "response=\"" + response + "\", algorithm=" + algorithm.token() + ", qop=auth, nc=00000001, cnonce=\"c1\"";
  }

  @Test
  void challengesOfferTheConfiguredAlgorithmsInTheirOrder() throws Exception {
    assertThat(challenges(authenticator(AuthSettings.DEFAULT_ALGORITHMS).decide(register(null), NOW)))
        .extracting(c -> c.substring(c.indexOf("algorithm=")))
        .containsExactly("algorithm=SHA-256", "algorithm=MD5");
    assertThat(challenges(authenticator(List.of(DigestAlgorithm.MD5)).decide(register(null), NOW)))
        .singleElement().satisfies(c -> assertThat(c).contains("algorithm=MD5").doesNotContain("SHA-256"));
  }

  @Test
  void anAnswerWithAnAlgorithmThatIsNotOfferedIsChallengedAgain() throws Exception {
    EdgeAuthenticator md5Only = authenticator(List.of(DigestAlgorithm.MD5));
    String nonce = nonceOf(challenges(md5Only.decide(register(null), NOW)).get(0));

    assertThat(md5Only.decide(register(answer(DigestAlgorithm.SHA_256, nonce)), NOW))
        .isInstanceOf(AuthDecision.Challenge.class);
    assertThat(md5Only.decide(register(answer(DigestAlgorithm.MD5, nonce)), NOW))
        .isEqualTo(new AuthDecision.Authenticated("sip:alice@example.com"));
  }
}
