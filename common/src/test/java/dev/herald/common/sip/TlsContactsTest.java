package dev.herald.common.sip;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sip.SipFactory;
import javax.sip.header.ContactHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

class TlsContactsTest {

  private static final String REQUEST = "NOTIFY sip:bob@192.0.2.1:5061;transport=tls SIP/2.0\r\n"
      + "Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK-1\r\n"
      + "From: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>;tag=2\r\n"
      + "Call-ID: c\r\nCSeq: 1 NOTIFY\r\nMax-Forwards: 70\r\n"
      + "Contact: <sip:herald@127.0.0.1:5060>\r\nContent-Length: 0\r\n\r\n";

  @Test
  void aSipContactNamesTheTlsPortWithTransportTls() throws Exception {
    Request request = request();

    TlsContacts.pointAtTls(request, null, 15061, false);

    assertThat(request.getHeader(ContactHeader.NAME).toString().strip())
        .isEqualTo("Contact: <sip:herald@127.0.0.1:15061;transport=tls>");
  }

  @Test
  void aSipsDialogGetsASipsContactWithoutTransport() throws Exception {
    Request request = request();

    TlsContacts.pointAtTls(request, null, 5061, true);

    assertThat(request.getHeader(ContactHeader.NAME).toString().strip())
        .isEqualTo("Contact: <sips:herald@127.0.0.1:5061>");
  }

  private static Request request() throws Exception {
    return SipFactory.getInstance().createMessageFactory().createRequest(REQUEST);
  }
}
