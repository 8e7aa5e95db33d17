package dev.herald.registrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DigestClientTest {

  // RFC 7616 §3.9.1: the example exchange, answered with MD5 and with SHA-256.
  private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  private static final String OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

  private static DigestChallenge rfcChallenge(String algorithm) {
    return new DigestChallenge(false, "http-auth@example.org", NONCE, algorithm, "auth, auth-int", OPAQUE, false);
  }

  @Test
  void md5AnswerMatchesTheRfc7616Example() {
    DigestClient.Answer answer = DigestClient.answer(rfcChallenge("MD5"), "GET", "/dir/index.html", "Mufasa",
        "Circle of Life", CNONCE, 1);

    assertThat(answer.response()).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    assertThat(answer.nc()).isEqualTo("00000001");
    assertThat(answer.qop()).isEqualTo("auth");
  }

  @Test
  void sha256AnswerMatchesTheRfc7616Example() {
    DigestClient.Answer answer = DigestClient.answer(rfcChallenge("SHA-256"), "GET", "/dir/index.html", "Mufasa",
        "Circle of Life", CNONCE, 1);

    assertThat(answer.response()).isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  }

  @Test
  void absentAlgorithmMeansMd5() {
    DigestClient.Answer answer = DigestClient.answer(rfcChallenge(null), "GET", "/dir/index.html", "Mufasa",
        "Circle of Life", CNONCE, 1);

    assertThat(answer.algorithm()).isEqualTo(DigestClient.Algorithm.MD5);
    assertThat(answer.response()).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
  }

  @Test
  void withoutQopTheAnswerHasNoCnonceNorCount() {
    DigestChallenge challenge = new DigestChallenge(false, "r", "n", "MD5", null, null, false);

    DigestClient.Answer answer = DigestClient.answer(challenge, "REGISTER", "sip:r", "u", "p", "c", 1);

    // H(H(u:r:p):n:H(REGISTER:sip:r))
    String ha1 = DigestClient.Algorithm.MD5.hex("u:r:p");
    String ha2 = DigestClient.Algorithm.MD5.hex("REGISTER:sip:r");
    assertThat(answer.response()).isEqualTo(DigestClient.Algorithm.MD5.hex(ha1 + ":n:" + ha2));
    assertThat(answer.headerValue()).doesNotContain("cnonce").doesNotContain("nc=").doesNotContain("qop");
  }

  @Test
  void sessionVariantHashesNonceAndCnonceIntoHa1() {
    DigestChallenge challenge = new DigestChallenge(false, "r", "n", "SHA-256-sess", "auth", null, false);

    DigestClient.Answer answer = DigestClient.answer(challenge, "REGISTER", "sip:r", "u", "p", "c", 1);

    DigestClient.Algorithm sha = DigestClient.Algorithm.SHA_256;
    String ha1 = sha.hex(sha.hex("u:r:p") + ":n:c");
    String ha2 = sha.hex("REGISTER:sip:r");
    assertThat(answer.response()).isEqualTo(sha.hex(ha1 + ":n:00000001:c:auth:" + ha2));
  }

  @Test
  void headerValueQuotesStringsAndLeavesTokensBare() {
    DigestClient.Answer answer = DigestClient.answer(rfcChallenge("SHA-256"), "REGISTER", "sip:registrar.example.com",
        "alice", "secret", "abc", 1);

    assertThat(answer.headerValue())
        .startsWith("Digest username=\"alice\", realm=\"http-auth@example.org\", nonce=\"" + NONCE + "\"")
        .contains("uri=\"sip:registrar.example.com\"", "algorithm=SHA-256", "cnonce=\"abc\"", "qop=auth",
            "nc=00000001", "opaque=\"" + OPAQUE + "\"");
  }

  @Test
  void unsupportedAlgorithmIsRefused() {
    assertThatThrownBy(() -> DigestClient.answer(rfcChallenge("SHA-512-256"), "REGISTER", "sip:r", "u", "p", "c", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SHA-512-256");
  }

  @Test
  void pickPrefersSha256OverMd5AndSkipsUnknownAlgorithms() {
    DigestChallenge md5 = rfcChallenge("MD5");
    DigestChallenge sha = rfcChallenge("SHA-256");
    DigestChallenge unknown = rfcChallenge("SHA-512-256");

    assertThat(DigestClient.pick(List.of(md5, unknown, sha))).contains(sha);
    assertThat(DigestClient.pick(List.of(unknown, md5))).contains(md5);
    assertThat(DigestClient.pick(List.of(unknown))).isEmpty();
  }

  @Test
  void qopAuthIsFoundInAListOfOptions() {
    assertThat(new DigestChallenge(false, "r", "n", null, "auth-int, auth", null, false).offersQopAuth()).isTrue();
    assertThat(new DigestChallenge(false, "r", "n", null, "auth-int", null, false).offersQopAuth()).isFalse();
  }
}
