package dev.herald.launcher;

import static dev.herald.launcher.SipChecks.ANSWER;
import static dev.herald.launcher.SipChecks.body;
import static dev.herald.launcher.SipChecks.healthy;
import static dev.herald.launcher.SipChecks.nextNotify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.packages.conference.ConferenceLimits;
import dev.herald.packages.conference.ConferenceSettings;
import dev.herald.testkit.SipTestAgent;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.header.SIPETagHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conference (RFC 4575) as a mixer and its watchers use it, through the embedded broker: a focus
 * publishes full then partial state, a watcher joins late, bad documents are refused, and the
 * operator resets the conference with the CLI.
 */
class ConferenceIT {

  private static final String CONF = "sip:conf42@example.com";
  private static final Pattern VERSION = Pattern.compile("<conference-info [^>]*version=\"(\\d+)\"");

  @TempDir
  Path dataDir;

  @Test
  void watchersFollowAMixersRosterInFullThenPartialStateAndAResetEmptiesIt() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    int port = settings.sipPort();
    try (Herald herald = new Herald(settings)
             .withConference(new ConferenceSettings(true, ConferenceLimits.DEFAULTS)).start();
         SipTestAgent mixer = SipTestAgent.udp("conf42");
         SipTestAgent early = SipTestAgent.udp("early");
         SipTestAgent late = SipTestAgent.udp("late")) {
      await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));

      String tag = publish(mixer, port, null, document("full", 1, user("alice") + user("bob")));
      assertThat(subscribe(early, port).getStatusCode()).isEqualTo(200);
      Request first = nextNotify(early);
      assertThat(version(first)).isEqualTo(1);
      assertThat(body(first)).contains("state=\"full\"", "sip:alice@example.com", "sip:bob@example.com");

      tag = publish(mixer, port, tag, document("partial", 2, "<users state=\"partial\">" + user("carol") + "</users>"));
      Request joined = nextNotify(early);
      assertThat(version(joined)).isEqualTo(2);
      assertThat(body(joined)).contains("state=\"partial\"", "sip:carol@example.com").doesNotContain("alice");

      assertThat(subscribe(late, port).getStatusCode()).isEqualTo(200);
      Request lateFirst = nextNotify(late);
      assertThat(version(lateFirst)).isEqualTo(1);
      assertThat(body(lateFirst)).as("the late watcher gets the merged roster")
          .contains("state=\"full\"", "sip:alice@example.com", "sip:bob@example.com", "sip:carol@example.com");

      // Refused documents change nothing: the next NOTIFYs carry the next valid change and version.
      assertThat(sendPublish(mixer, port, tag, document("partial", 9, "<users state=\"partial\"/>")).getStatusCode())
          .isEqualTo(400);
      assertThat(sendPublish(mixer, port, tag, "<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY x SYSTEM "
          + "\"file:///etc/passwd\">]>" + document("partial", 3, "<users state=\"partial\"><user entity=\"&x;\"/>"
          + "</users>")).getStatusCode()).isEqualTo(400);

      publish(mixer, port, tag, document("partial", 3,
          "<users state=\"partial\"><user entity=\"sip:alice@example.com\" state=\"deleted\"/></users>"));
      Request leftEarly = nextNotify(early);
      Request leftLate = nextNotify(late);
      assertThat(version(leftEarly)).isEqualTo(3);
      assertThat(version(leftLate)).isEqualTo(2);
      assertThat(body(leftLate)).contains("sip:alice@example.com", "state=\"deleted\"");

      CliRun reset = CliRun.herald(settings.adminPort(), "conference", "reset", CONF);
      assertThat(reset.exitCode()).as(reset.err()).isZero();
      assertThat(reset.out()).contains("reset " + CONF);
      Request emptiedEarly = nextNotify(early);
      Request emptiedLate = nextNotify(late);
      assertThat(version(emptiedEarly)).isEqualTo(4);
      assertThat(version(emptiedLate)).isEqualTo(3);
      assertThat(body(emptiedEarly)).contains("state=\"full\"").doesNotContain("<user ");

      // The focus's tag is gone; it publishes full state again, and a reset of all finds it.
      assertThat(sendPublish(mixer, port, tag, document("partial", 4, "<users state=\"partial\"/>")).getStatusCode())
          .isEqualTo(412);
      publish(mixer, port, null, document("full", 1, user("dave")));
      assertThat(body(nextNotify(early))).contains("sip:dave@example.com");
      assertThat(body(nextNotify(late))).contains("sip:dave@example.com");
      await().atMost(ANSWER).untilAsserted(() -> {
        CliRun all = CliRun.herald(settings.adminPort(), "conference", "reset", "--all");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).contains("reset " + CONF);
      });
      assertThat(body(nextNotify(early))).doesNotContain("sip:dave@example.com");

      CliRun history = CliRun.herald(settings.adminPort(), "history", CONF, "--event", "conference");
      assertThat(history.exitCode()).as(history.err()).isZero();
      assertThat(history.out()).as("the audit trail of the conference, from the logs")
          .contains("PUBLISH", "-> 200 OK (SIP-ETag", "-> 400 partial conference state version 9 does not follow 2",
              "SUBSCRIBE", "NOTIFY", "active;expires=", "ADMIN", "conference-reset", "-> 412");
    }
  }

  @Test
  void aResetOfSomethingThatIsNotAConferenceUriIsRefusedByTheCli() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    try (Herald herald = new Herald(settings).start()) {
      await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));
      CliRun refused = CliRun.herald(settings.adminPort(), "conference", "reset", "not a uri");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).contains("is not a sip:, sips: or tel: URI", "HTTP 400");
    }
  }

  private static String user(String name) {
    return "<user entity=\"sip:" + name + "@example.com\"><display-text>" + name + "</display-text>"
        + "<endpoint entity=\"sip:" + name + "@192.0.2.7\"><status>connected</status></endpoint></user>";
  }

  private static String document(String state, long version, String content) {
    String users = content.startsWith("<users") ? content : "<users>" + content + "</users>";
    return "<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\" entity=\"" + CONF + "\" state=\""
        + state + "\" version=\"" + version + "\">" + users + "</conference-info>";
  }

  /** Publishes and returns the new entity-tag; fails unless the answer is 200. */
  private static String publish(SipTestAgent mixer, int port, String ifMatch, String body) throws Exception {
    Response response = sendPublish(mixer, port, ifMatch, body);
    assertThat(response.getStatusCode()).as(response.getReasonPhrase()).isEqualTo(200);
    return ((SIPETagHeader) response.getHeader("SIP-ETag")).getETag();
  }

  private static Response sendPublish(SipTestAgent mixer, int port, String ifMatch, String body) throws Exception {
    Request request = mixer.request(Request.PUBLISH, CONF, CONF, port);
    request.addHeader(mixer.headers.createEventHeader("conference"));
    request.addHeader(mixer.headers.createExpiresHeader(3600));
    if (ifMatch != null) {
      request.addHeader(mixer.headers.createSIPIfMatchHeader(ifMatch));
    }
    request.setContent(body, mixer.headers.createContentTypeHeader("application", "conference-info+xml"));
    return mixer.send(request, ANSWER);
  }

  private static Response subscribe(SipTestAgent watcher, int port) throws Exception {
    Request request = watcher.request(Request.SUBSCRIBE, "sip:" + watcher.port() + "@example.com", CONF, port);
    request.addHeader(watcher.headers.createEventHeader("conference"));
    request.addHeader(watcher.headers.createExpiresHeader(600));
    return watcher.send(request, ANSWER);
  }

  private static long version(Request notify) {
    Matcher matcher = VERSION.matcher(body(notify));
    assertThat(matcher.find()).as(body(notify)).isTrue();
    return Long.parseLong(matcher.group(1));
  }
}
