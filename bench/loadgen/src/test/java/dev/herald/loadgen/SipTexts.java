package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

/** Messages for the tests of the runs' state: parsed from text, or a response with the headers a run reads. */
final class SipTexts {

  private SipTexts() {}

  static SipMessage parse(String text) {
    SipMessage message = new SipMessage();
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    assertThat(message.parse(bytes, bytes.length)).as("parsed").isTrue();
    return message;
  }

  /** A response of {@code status} to a SUBSCRIBE or PUBLISH; each of To tag, SIP-ETag and Expires when given. */
  static SipMessage response(int status, String toTag, String etag, int expires) {
    return parse("SIP/2.0 " + status + " Whatever\r\n"
        + "To: <sip:load-0@example.com>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
        + "Call-ID: c\r\nCSeq: 1 SUBSCRIBE\r\n"
        + (etag == null ? "" : "SIP-ETag: " + etag + "\r\n")
        + (expires < 0 ? "" : "Expires: " + expires + "\r\n")
        + "Content-Length: 0\r\n\r\n");
  }

  /** A NOTIFY of this run's dialog {@code w} (run id {@code r1}) from the notifier's tag {@code fromTag}. */
  static SipMessage notifyOf(int w, String fromTag) {
    return parse("NOTIFY sip:watcher@h SIP/2.0\r\n"
        + "From: <sip:load-0@example.com>;tag=" + fromTag + "\r\n"
        + "To: <sip:watcher-" + w + "@example.com>;tag=r1-" + w + "\r\n"
        + "Call-ID: r1-w" + w + "@10.0.0.1\r\nCSeq: 1 NOTIFY\r\n\r\n");
  }
}
