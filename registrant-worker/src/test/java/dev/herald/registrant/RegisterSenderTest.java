package dev.herald.registrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import javax.sip.SipFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

/** How a registrar's response is read: which binding is ours, which challenge, which expiry. */
class RegisterSenderTest {

  private static final String REQUEST = "REGISTER sip:registrar.example.com SIP/2.0\r\n"
      + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\n"
      + "Max-Forwards: 70\r\n"
      + "From: <sip:alice@example.com>;tag=abc\r\n"
      + "To: <sip:alice@example.com>\r\n"
      + "Call-ID: call-1@test\r\n"
      + "CSeq: 7 REGISTER\r\n"
      + "Contact: <sip:alice@127.0.0.1:5070>;reg-id=1\r\n"
      + "Expires: 3600\r\n"
      + "Content-Length: 0\r\n\r\n";

  private final MessageFactory messages;
  private final HeaderFactory headers;

  RegisterSenderTest() throws Exception {
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    messages = factory.createMessageFactory();
    headers = factory.createHeaderFactory();
  }

  private Request request() throws Exception {
    return messages.createRequest(REQUEST);
  }

  private Response ok(String... contacts) throws Exception {
    Response response = messages.createResponse(200, request());
    for (String contact : contacts) {
      response.addHeader(headers.createHeader("Contact", contact));
    }
    return response;
  }

  @Test
  void grantedExpiryIsThatOfOurBindingAmongOthers() throws Exception {
    Response response = ok("<sip:bob@10.0.0.9:5060>;expires=30", "<sip:alice@127.0.0.1:5070>;reg-id=1;expires=120");
    response.addHeader(headers.createExpiresHeader(600));

    AccountCycle.Reply reply = RegisterSender.reply(response, request());

    assertThat(reply.contactExpires()).isEqualTo(120);
    assertThat(reply.expiresHeader()).isEqualTo(600);
    assertThat(reply.line()).isEqualTo("200 OK");
  }

  @Test
  void anotherBindingsExpiryIsNotOurs() throws Exception {
    AccountCycle.Reply reply = RegisterSender.reply(ok("<sip:bob@10.0.0.9:5060>;expires=30"), request());

    assertThat(reply.contactExpires()).isNull();
  }

  @Test
  void challengesOfA401AndA407AreReadWithTheirKind() throws Exception {
    Response unauthorized = messages.createResponse(401, request());
    unauthorized.addHeader(headers.createHeader("WWW-Authenticate",
        "Digest realm=\"r\", nonce=\"n1\", algorithm=MD5, qop=\"auth\""));
    unauthorized.addHeader(headers.createHeader("WWW-Authenticate",
        "Digest realm=\"r\", nonce=\"n2\", algorithm=SHA-256, qop=\"auth\", stale=true"));
    Response proxy = messages.createResponse(407, request());
    proxy.addHeader(headers.createHeader("Proxy-Authenticate", "Digest realm=\"p\", nonce=\"n3\""));

    AccountCycle.Reply www = RegisterSender.reply(unauthorized, request());
    AccountCycle.Reply viaProxy = RegisterSender.reply(proxy, request());

    assertThat(www.challenges()).extracting(DigestChallenge::nonce, DigestChallenge::proxy, DigestChallenge::stale)
        .containsExactly(tuple("n1", false, false),
            tuple("n2", false, true));
    assertThat(DigestClient.pick(www.challenges())).hasValueSatisfying(c -> assertThat(c.nonce()).isEqualTo("n2"));
    assertThat(viaProxy.challenges()).singleElement().satisfies(c -> {
      assertThat(c.proxy()).isTrue();
      assertThat(c.algorithm()).isNull();
    });
  }

  @Test
  void minExpiresAndRetryAfterAreRead() throws Exception {
    Response brief = messages.createResponse(423, request());
    brief.addHeader(headers.createMinExpiresHeader(300));
    Response unavailable = messages.createResponse(503, request());
    unavailable.addHeader(headers.createRetryAfterHeader(20));

    assertThat(RegisterSender.reply(brief, request()).minExpires()).isEqualTo(300);
    assertThat(RegisterSender.reply(unavailable, request()).retryAfter()).isEqualTo(20);
  }

  @Test
  void fromTagIsStablePerCallId() {
    assertThat(RegisterSender.fromTag("call-1@test")).isEqualTo(RegisterSender.fromTag("call-1@test"))
        .isNotEqualTo(RegisterSender.fromTag("call-2@test"));
  }
}
