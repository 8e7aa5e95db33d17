package dev.herald.launcher;

import static dev.herald.launcher.SipChecks.ANSWER;
import static dev.herald.launcher.SipChecks.body;
import static dev.herald.launcher.SipChecks.healthy;
import static dev.herald.launcher.SipChecks.nextNotify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testkit.SipTestAgent;
import java.nio.file.Path;
import javax.sip.header.SIPETagHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Voicemail lamps (RFC 3842) as a voicemail system and a user's phones use them, through the
 * embedded broker: the system publishes the mailbox's counts, both phones' lamps follow, a bad
 * summary is refused, a phone subscribing late gets the current counts, and the operator sets
 * the counts with the CLI.
 */
class MessageSummaryIT {

  private static final String MAILBOX = "sip:alice@example.com";
  private static final String TYPE = "simple-message-summary";

  @TempDir
  Path dataDir;

  @Test
  void twoPhonesFollowTheMailboxAsTheVoicemailSystemAndTheOperatorChangeIt() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    int port = settings.sipPort();
    try (Herald herald = new Herald(settings).start();
         SipTestAgent voicemail = SipTestAgent.udp("voicemail");
         SipTestAgent desk = SipTestAgent.udp("alice-desk");
         SipTestAgent mobile = SipTestAgent.udp("alice-mobile")) {
      await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));

      assertThat(subscribe(desk, port).getStatusCode()).isEqualTo(200);
      Request deskFirst = nextNotify(desk);
      assertThat(deskFirst.getHeader("Content-Type").toString()).contains("application/" + TYPE);
      assertThat(body(deskFirst)).as("nothing published yet").isEqualTo("Messages-Waiting: no\r\n");

      String tag = publish(voicemail, port, null,
          "Messages-Waiting: yes\r\nMessage-Account: sip:*97@example.com\r\nVoice-Message: 2/8 (0/2)\r\n");
      assertThat(body(nextNotify(desk))).startsWith("Messages-Waiting: yes").contains("Voice-Message: 2/8 (0/2)");

      assertThat(subscribe(mobile, port).getStatusCode()).isEqualTo(200);
      assertThat(body(nextNotify(mobile))).as("a phone subscribing late gets the current counts")
          .startsWith("Messages-Waiting: yes").contains("Voice-Message: 2/8 (0/2)");

      Response bad = sendPublish(voicemail, port, tag, "Voice-Message: 3/8\r\n");
      assertThat(bad.getStatusCode()).isEqualTo(400);
      assertThat(bad.getReasonPhrase()).isEqualTo("Messages-Waiting missing");

      tag = publish(voicemail, port, tag, "Messages-Waiting: no\r\nVoice-Message: 0/10 (0/2)\r\n");
      assertThat(body(nextNotify(desk))).as("the lamp goes off; the refused summary never showed")
          .startsWith("Messages-Waiting: no").contains("Voice-Message: 0/10 (0/2)");
      assertThat(body(nextNotify(mobile))).startsWith("Messages-Waiting: no").contains("0/10");

      CliRun set = CliRun.herald(settings.adminPort(), "mwi", "set", MAILBOX, "--new", "1", "--old", "10");
      assertThat(set.exitCode()).as(set.err()).isZero();
      assertThat(set.out()).contains("set sent to message-summary|" + MAILBOX);
      assertThat(body(nextNotify(desk))).startsWith("Messages-Waiting: yes").contains("Voice-Message: 1/10 (0/0)");
      assertThat(body(nextNotify(mobile))).startsWith("Messages-Waiting: yes").contains("Voice-Message: 1/10 (0/0)");

      CliRun refused = CliRun.herald(settings.adminPort(), "mwi", "set", MAILBOX, "--new", "many");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).contains("--new must be a whole number", "HTTP 400");
    }
  }

  /** Publishes and returns the new entity-tag; fails unless the answer is 200. */
  private static String publish(SipTestAgent voicemail, int port, String ifMatch, String body) throws Exception {
    Response response = sendPublish(voicemail, port, ifMatch, body);
    assertThat(response.getStatusCode()).as(response.getReasonPhrase()).isEqualTo(200);
    return ((SIPETagHeader) response.getHeader("SIP-ETag")).getETag();
  }

  private static Response sendPublish(SipTestAgent voicemail, int port, String ifMatch, String body) throws Exception {
    Request request = voicemail.request(Request.PUBLISH, "sip:voicemail@example.com", MAILBOX, port);
    request.addHeader(voicemail.headers.createEventHeader("message-summary"));
    request.addHeader(voicemail.headers.createExpiresHeader(3600));
    if (ifMatch != null) {
      request.addHeader(voicemail.headers.createSIPIfMatchHeader(ifMatch));
    }
    request.setContent(body, voicemail.headers.createContentTypeHeader("application", TYPE));
    return voicemail.send(request, ANSWER);
  }

  private static Response subscribe(SipTestAgent phone, int port) throws Exception {
    Request request = phone.request(Request.SUBSCRIBE, MAILBOX, MAILBOX, port);
    request.addHeader(phone.headers.createEventHeader("message-summary"));
    request.addHeader(phone.headers.createExpiresHeader(600));
    return phone.send(request, ANSWER);
  }
}
