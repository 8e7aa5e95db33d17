package dev.herald.common.sip;

import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.message.Message;

/**
 * Herald's own Contact in a dialog that runs over TLS names its TLS port, so that the peer's
 * next request in the dialog (a refresh, an un-SUBSCRIBE) comes over TLS too, not in the clear:
 * a {@code sips:} URI where the dialog is one (RFC 3261 §12.1.1, without a transport parameter,
 * RFC 5630 §3.1.3), else {@code ;transport=tls}.
 */
public final class TlsContacts {

  private TlsContacts() {}

  /** Points the Contact of {@code message}, if it has a SIP one, at {@code host}:{@code tlsPort} over TLS. */
  public static void pointAtTls(Message message, String host, int tlsPort, boolean sips) {
    if (!(message.getHeader(ContactHeader.NAME) instanceof ContactHeader contact)
        || !(contact.getAddress().getURI() instanceof SipURI uri)) {
      return;
    }
    try {
      if (host != null) {
        uri.setHost(host);
      }
      uri.setPort(tlsPort);
      uri.removeParameter("transport");
      uri.setSecure(sips);
      if (!sips) {
        uri.setTransportParam("tls");
      }
    } catch (java.text.ParseException e) {
      throw new IllegalArgumentException("cannot point the Contact at TLS: " + e.getMessage(), e);
    }
  }

  /** Whether {@code uri} is a sips: URI. */
  public static boolean secure(URI uri) {
    return uri instanceof SipURI sip && sip.isSecure();
  }
}
