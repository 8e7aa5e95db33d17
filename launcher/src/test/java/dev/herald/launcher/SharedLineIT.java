package dev.herald.launcher;

import static dev.herald.launcher.SipChecks.ANSWER;
import static dev.herald.launcher.SipChecks.body;
import static dev.herald.launcher.SipChecks.healthy;
import static dev.herald.launcher.SipChecks.nextNotify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testkit.SipTestAgent;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Busy lamps and shared line appearances as phones and a proxy use them, through the embedded
 * broker: the presence_callinfo flow, two phones seizing one appearance, and bad input.
 */
class SharedLineIT {

  private static final String BOB = "sip:bob@example.com";
  private static final String DIALOG_INFO = """
      <dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="0" state="full" entity="sip:bob@example.com">
        <dialog id="call-1" direction="recipient"><state>%s</state></dialog>
      </dialog-info>
      """;

  @TempDir
  Path dataDir;

  @Test
  void aWatcherSeesBobsLineGoAlertingThenActiveInOrderAndTwoPhonesCannotSeizeOneAppearance() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    int port = settings.sipPort();
    try (Herald herald = new Herald(settings).start();
         SipTestAgent watcher = SipTestAgent.udp("watcher");
         SipTestAgent proxy = SipTestAgent.udp("proxy");
         SipTestAgent phoneA = SipTestAgent.udp("bob");
         SipTestAgent phoneB = SipTestAgent.udp("bob")) {
      await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));

      assertThat(subscribe(watcher, "sip:watcher@example.com", "call-info", List.of(), port).getStatusCode())
          .isEqualTo(200);
      Request idle = nextNotify(watcher);
      assertThat(callInfo(idle)).contains("appearance-index=*", "appearance-state=idle");

      // Alice calls Bob; the proxy publishes the line's state, alerting then active.
      assertThat(proxy.send(callInfoPublish(proxy, "alerting", port), ANSWER).getStatusCode()).isEqualTo(200);
      assertThat(proxy.send(callInfoPublish(proxy, "active", port), ANSWER).getStatusCode()).isEqualTo(200);
      Request alerting = nextNotify(watcher);
      Request active = nextNotify(watcher);
      assertThat(callInfo(alerting)).contains("appearance-index=1", "appearance-state=alerting");
      assertThat(callInfo(active)).contains("appearance-index=1", "appearance-state=active");
      assertThat(cseq(active)).isGreaterThan(cseq(alerting));

      // A Call-Info that does not parse changes nothing: the next NOTIFY is the next valid change.
      Request garbled = proxy.request(Request.PUBLISH, BOB, BOB, port);
      garbled.addHeader(proxy.headers.createEventHeader("call-info"));
      garbled.addHeader(proxy.headers.createHeader("Call-Info", "<sip:bob@example.com>;appearance-index=one"));
      assertThat(proxy.send(garbled, ANSWER).getStatusCode()).isEqualTo(400);

      // Two phones seize appearance 2 at once: exactly one wins.
      CompletableFuture<Response> a = phoneA.sendAsync(seize(phoneA, port));
      CompletableFuture<Response> b = phoneB.sendAsync(seize(phoneB, port));
      List<Integer> statuses = List.of(a.get(ANSWER.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).getStatusCode(),
          b.get(ANSWER.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).getStatusCode());
      assertThat(statuses).containsExactlyInAnyOrder(200, 480);
      Request seized = nextNotify(watcher);
      assertThat(callInfo(seized)).contains("appearance-index=2", "appearance-state=seized")
          .as("the garbled PUBLISH left appearance 1 as it was").contains("appearance-index=1", "appearance-state=active");
    }
  }

  @Test
  void aDialogInfoThatDoesNotParseGets400AndWatchersSeeOnlyValidDialogs() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    int port = settings.sipPort();
    try (Herald herald = new Herald(settings).start();
         SipTestAgent watcher = SipTestAgent.udp("watcher");
         SipTestAgent proxy = SipTestAgent.udp("proxy")) {
      await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));
      assertThat(subscribe(watcher, "sip:watcher@example.com", "dialog", List.of(), port).getStatusCode()).isEqualTo(200);
      assertThat(body(nextNotify(watcher))).contains("version=\"0\"");

      assertThat(proxy.send(dialogPublish(proxy, "<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\">", port),
          ANSWER).getStatusCode()).isEqualTo(400);
      assertThat(proxy.send(dialogPublish(proxy, DIALOG_INFO.formatted("early"), port), ANSWER).getStatusCode())
          .isEqualTo(200);

      assertThat(body(nextNotify(watcher))).contains("version=\"1\"", "call-1", "early");
    }
  }

  private static Response subscribe(SipTestAgent agent, String from, String event, List<String> callInfo, int port)
      throws Exception {
    Request request = agent.request(Request.SUBSCRIBE, from, BOB, port);
    request.addHeader(agent.headers.createEventHeader(event));
    request.addHeader(agent.headers.createExpiresHeader(600));
    for (String value : callInfo) {
      request.addHeader(agent.headers.createHeader("Call-Info", value));
    }
    return agent.send(request, ANSWER);
  }

  private static Request seize(SipTestAgent phone, int port) throws Exception {
    Request request = phone.request(Request.SUBSCRIBE, BOB, BOB, port);
    request.addHeader(phone.headers.createEventHeader("line-seize"));
    request.addHeader(phone.headers.createExpiresHeader(60));
    request.addHeader(phone.headers.createHeader("Call-Info", "<sip:bob@example.com>;appearance-index=2"));
    return request;
  }

  private static Request callInfoPublish(SipTestAgent proxy, String state, int port) throws Exception {
    Request request = proxy.request(Request.PUBLISH, BOB, BOB, port);
    request.addHeader(proxy.headers.createEventHeader("call-info"));
    request.addHeader(proxy.headers.createExpiresHeader(3600));
    request.addHeader(proxy.headers.createHeader("Call-Info",
        "<sip:bob@example.com>;appearance-index=1;appearance-state=" + state));
    return request;
  }

  private static Request dialogPublish(SipTestAgent proxy, String body, int port) throws Exception {
    Request request = proxy.request(Request.PUBLISH, BOB, BOB, port);
    request.addHeader(proxy.headers.createEventHeader("dialog"));
    request.addHeader(proxy.headers.createExpiresHeader(3600));
    request.setContent(body, proxy.headers.createContentTypeHeader("application", "dialog-info+xml"));
    return request;
  }

  /** Every Call-Info header of the NOTIFY: one per appearance, as JAIN-SIP splits the list. */
  private static String callInfo(Request notify) {
    StringBuilder all = new StringBuilder();
    notify.getHeaders("Call-Info").forEachRemaining(h -> all.append(h.toString().strip()).append('\n'));
    return all.toString();
  }

  private static long cseq(Request request) {
    return ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
  }
}
