package dev.herald.launcher;

import static dev.herald.launcher.SipChecks.ANSWER;
import static dev.herald.launcher.SipChecks.body;
import static dev.herald.launcher.SipChecks.nextNotify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.FreePorts;
import dev.herald.launcher.ClusterSettings.Role;
import dev.herald.testkit.FlowAgent;
import dev.herald.testkit.SipTestAgent;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.SIPETagHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every role in a process of its own, on one Kafka cluster: the first process runs the processor
 * (and the embedded broker the others join); a notifier and two edges run beside it. Requests of
 * one dialog or one publication may reach any edge.
 */
class MultiNodeIT {

  private static final String PIDF = """
      <?xml version="1.0" encoding="UTF-8"?>
      <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:bob@example.com">
        <tuple id="desk"><status><basic>%s</basic></status><note>%s</note></tuple>
      </presence>
      """;

  @TempDir
  Path dataDir;

  private final List<Herald> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }

  /** The processor's process, with the embedded broker; its contact names {@code sipPort}, the edges' address. */
  private Herald processorNode(int sipPort) throws Exception {
    HeraldSettings settings = HeraldSettings.builder().sipHost("127.0.0.1").sipPort(sipPort).adminHost("127.0.0.1")
        .adminPort(0).dataDir(dataDir.resolve("processor")).build();
    return started(new Herald(settings).withCluster(new ClusterSettings(Set.of(Role.PROCESSOR), 0, (short) 1, false)));
  }

  private Herald node(String bootstrap, Role role, int instance, int sipPort, boolean reusePort) throws Exception {
    HeraldSettings settings = HeraldSettings.builder().sipHost("127.0.0.1").sipPort(sipPort).adminHost("127.0.0.1")
        .adminPort(0).dataDir(dataDir.resolve(role.name() + "-" + instance)).bootstrapServers(Optional.of(bootstrap))
        .build();
    return started(new Herald(settings).withCluster(new ClusterSettings(Set.of(role), instance, (short) 1, reusePort)));
  }

  private Herald started(Herald herald) throws Exception {
    nodes.add(herald);
    return herald.start();
  }

  @Test
  void aDialogAndAPublicationCarryOnThroughAnotherEdge() throws Exception {
    int portOne = FreePorts.findFreeSipPort("127.0.0.1");
    Herald processor = processorNode(portOne);
    String kafka = processor.bootstrapServers();
    node(kafka, Role.NOTIFIER, 1, portOne, false);
    node(kafka, Role.EDGE, 1, portOne, false);
    int portTwo = node(kafka, Role.EDGE, 2, FreePorts.findFreeSipPort("127.0.0.1"), false).sipPort();

    try (SipTestAgent alice = SipTestAgent.udp("alice"); SipTestAgent bob = SipTestAgent.udp("bob")) {
      Request subscribe = subscribe(alice, portOne);
      Response subscribed = alice.send(subscribe, ANSWER);
      assertThat(subscribed.getStatusCode()).isEqualTo(200);
      Dialog dialog = new Dialog(alice, subscribe, subscribed);
      assertThat(body(nextNotify(alice))).contains("<basic>closed</basic>");

      Response published = bob.send(publish(bob, portOne, null, "open", "first"), ANSWER);
      assertThat(published.getStatusCode()).isEqualTo(200);
      String etag = ((SIPETagHeader) published.getHeader(SIPETagHeader.NAME)).getETag();
      Request first = nextNotify(alice);
      assertThat(body(first)).contains("first");

      // RFC 3903 §4.1: the modification names the entity-tag the first edge handed out.
      Response modified = bob.send(publish(bob, portTwo, etag, "closed", "second"), ANSWER);
      assertThat(modified.getStatusCode()).isEqualTo(200);
      Request second = nextNotify(alice);
      assertThat(body(second)).contains("second", "<basic>closed</basic>");
      assertThat(cseq(second)).isGreaterThan(cseq(first));

      // RFC 6665 §4.1.2.1: a refresh is sent within the dialog, here to the other edge.
      Response refreshed = dialog.send(portTwo, 600);
      assertThat(refreshed.getStatusCode()).isEqualTo(200);
      assertThat(((ToHeader) refreshed.getHeader(ToHeader.NAME)).getTag())
          .isEqualTo(((ToHeader) subscribed.getHeader(ToHeader.NAME)).getTag());
      Request afterRefresh = nextNotify(alice);
      assertThat(body(afterRefresh)).contains("second");
      assertThat(cseq(afterRefresh)).isGreaterThan(cseq(second));

      Response ended = dialog.send(portTwo, 0);
      assertThat(ended.getStatusCode()).isEqualTo(200);
      assertThat(nextNotify(alice).getHeader("Subscription-State").toString()).contains("terminated");
    }
  }

  @Test
  void edgesSharingOneAddressGoOnAnsweringWhenOneStops() throws Exception {
    int shared = FreePorts.findFreeSipPort("127.0.0.1");
    Herald processor = processorNode(shared);
    String kafka = processor.bootstrapServers();
    node(kafka, Role.NOTIFIER, 1, shared, false);
    Herald edgeOne = node(kafka, Role.EDGE, 1, shared, true);
    Herald edgeTwo = node(kafka, Role.EDGE, 2, shared, true);
    assertThat(edgeTwo.sipPort()).isEqualTo(edgeOne.sipPort()).isEqualTo(shared);

    try (SipTestAgent alice = SipTestAgent.udp("alice")) {
      Request subscribe = subscribe(alice, shared);
      Response subscribed = alice.send(subscribe, ANSWER);
      assertThat(subscribed.getStatusCode()).isEqualTo(200);
      Dialog dialog = new Dialog(alice, subscribe, subscribed);
      nextNotify(alice);

      edgeOne.close();
      Response refreshed = dialog.send(shared, 600);
      assertThat(refreshed.getStatusCode()).as("answered by the edge still listening").isEqualTo(200);
      assertThat(nextNotify(alice).getHeader("Subscription-State").toString()).contains("active");

      edgeTwo.close();
      edgeOne = node(kafka, Role.EDGE, 1, shared, true);
      Response again = dialog.send(shared, 600);
      assertThat(again.getStatusCode()).as("answered by the edge started again").isEqualTo(200);
    }
  }

  @Test
  void aStoppedEdgesNattedSubscriberIsNotifiedFromTheSharedAddressByTheEdgeLeft() throws Exception {
    int shared = FreePorts.findFreeSipPort("127.0.0.1");
    Herald processor = processorNode(shared);
    String kafka = processor.bootstrapServers();
    node(kafka, Role.NOTIFIER, 1, shared, false);
    Herald edgeOne = node(kafka, Role.EDGE, 1, shared, true);
    InetSocketAddress sip = new InetSocketAddress("127.0.0.1", shared);

    try (FlowAgent alice = FlowAgent.udp("alice", sip, "127.0.0.2");
         FlowAgent bob = FlowAgent.udp("bob", sip, "127.0.0.1")) {
      // Only edge 1 listens yet, so alice's flow is its own.
      alice.send("SUBSCRIBE", "sip:bob@example.com", null, List.of("Event: presence", "Expires: 600"), null);
      assertThat(next(alice).status()).isEqualTo(200);
      assertThat(next(alice).isRequest("NOTIFY")).isTrue();
      node(kafka, Role.EDGE, 2, shared, true);

      edgeOne.close();
      bob.send("PUBLISH", "sip:bob@example.com", null,
          List.of("Event: presence", "Expires: 3600", "Content-Type: application/pidf+xml"),
          PIDF.formatted("open", "after the edge left"));
      assertThat(next(bob).status()).as("answered by edge 2").isEqualTo(200);

      FlowAgent.Message notify = next(alice);
      assertThat(notify.isRequest("NOTIFY")).as("a NOTIFY, not %s", notify.startLine()).isTrue();
      assertThat(notify.body()).contains("after the edge left");
      assertThat(alice.droppedFromElsewhere()).as("packets from other than the shared SIP address").isZero();
    }
  }

  private static FlowAgent.Message next(FlowAgent agent) throws InterruptedException {
    FlowAgent.Message message = agent.next(ANSWER);
    assertThat(message).as("a message within %s", ANSWER).isNotNull();
    return message;
  }

  private static Request subscribe(SipTestAgent alice, int port) throws Exception {
    Request request = alice.request(Request.SUBSCRIBE, "sip:alice@example.com", "sip:bob@example.com", port);
    request.addHeader(alice.headers.createEventHeader("presence"));
    request.addHeader(alice.headers.createExpiresHeader(600));
    return request;
  }

  private static Request publish(SipTestAgent bob, int port, String ifMatch, String basic, String note)
      throws Exception {
    Request request = bob.request(Request.PUBLISH, "sip:bob@example.com", "sip:bob@example.com", port);
    request.addHeader(bob.headers.createEventHeader("presence"));
    request.addHeader(bob.headers.createExpiresHeader(3600));
    if (ifMatch != null) {
      request.addHeader(bob.headers.createSIPIfMatchHeader(ifMatch));
    }
    request.setContent(PIDF.formatted(basic, note), bob.headers.createContentTypeHeader("application", "pidf+xml"));
    return request;
  }

  /** The subscriber's side of a dialog: RFC 3261 §12.2.1.1 builds its next requests. */
  private static final class Dialog {
    private final SipTestAgent agent;
    private final Request initial;
    private final Response answer;
    private long cseq;

    Dialog(SipTestAgent agent, Request initial, Response answer) {
      this.agent = agent;
      this.initial = initial;
      this.answer = answer;
      this.cseq = ((CSeqHeader) initial.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    /** Sends a re-SUBSCRIBE (an un-SUBSCRIBE with expires 0) in a client transaction and returns its answer. */
    Response send(int port, int expires) throws Exception {
      return agent.send(resubscribe(port, expires), ANSWER);
    }

    /** A re-SUBSCRIBE (or with expires 0 an un-SUBSCRIBE) to the remote target, routed to the edge at {@code port}. */
    private Request resubscribe(int port, int expires) throws Exception {
      Request next = (Request) initial.clone();
      next.setRequestURI(((ContactHeader) answer.getHeader(ContactHeader.NAME)).getAddress().getURI());
      ((ToHeader) next.getHeader(ToHeader.NAME)).setTag(((ToHeader) answer.getHeader(ToHeader.NAME)).getTag());
      ((CSeqHeader) next.getHeader(CSeqHeader.NAME)).setSeqNumber(++cseq);
      next.removeHeader(ViaHeader.NAME);
      next.addHeader(agent.headers.createViaHeader("127.0.0.1", agent.port(), "udp",
          "z9hG4bK-multinode-" + UUID.randomUUID()));
      SipURI edge = agent.addresses.createSipURI(null, "127.0.0.1");
      edge.setPort(port);
      edge.setLrParam();
      next.setHeader(agent.headers.createRouteHeader(agent.addresses.createAddress(edge)));
      next.setHeader(agent.headers.createExpiresHeader(expires));
      return next;
    }
  }

  private static long cseq(Request request) {
    return ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
  }
}
