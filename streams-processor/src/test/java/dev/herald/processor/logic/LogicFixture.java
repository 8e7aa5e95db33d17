package dev.herald.processor.logic;

import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.Publish;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.EventPackages;
import dev.herald.packages.spi.Notifies;
import dev.herald.packages.spi.PackageHost;
import dev.herald.packages.spi.PackageSettings;
import dev.herald.packages.spi.WatcherAuthorization;
import dev.herald.packages.state.ResourceState;
import dev.herald.processor.PresenceSettings;
import dev.herald.processor.ResourceLimits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The installed packages, presence requests and answers, as the parts of the resource logic see them. */
final class LogicFixture {

  static final String ALICE = "sip:alice@example.com";
  static final String RESOURCE = "presence|" + ALICE;
  static final String PIDF = "application/pidf+xml";
  static final long NOW = 1_000_000L;

  /** Herald's defaults without the per-request expiry reduction, so granted expiries are exact. */
  static final PresenceSettings SETTINGS = PresenceSettings.builder("sip:herald@127.0.0.1:5060")
      .expiryReductionPercent(0).build();
  static final Notifies NOTIFIES = new Notifies(SETTINGS.contactUri());

  private LogicFixture() {}

  static Packages packages() {
    List<EventPackage<?>> all = EventPackages.create(PackageSettings.of(SETTINGS.expiries()),
        new PackageHost(NOTIFIES, WatcherAuthorization.ALLOW_ALL));
    return new Packages(all);
  }

  static ResourceLimits limits(int maxPublications, int maxWatchers) {
    return new ResourceLimits(maxPublications, maxWatchers);
  }

  static ResourceState empty() {
    return ResourceState.empty(RESOURCE);
  }

  static RequestEvent event(String requestId, Object payload) {
    return RequestEvent.newBuilder().setRequestId(requestId).setResource(RESOURCE).setEdgeId("edge-0")
        .setReplyPartition(0).setReceivedAtMs(NOW).setPayload(payload).build();
  }

  /** A new SUBSCRIBE of {@code watcher} (its Call-ID) to Alice's presence. */
  static Subscribe.Builder subscribe(String watcher) {
    return Subscribe.newBuilder().setEvent("presence").setCallId(watcher).setFromUri("sip:" + watcher + "@example.com")
        .setFromTag("tag-" + watcher).setToUri(ALICE).setCseq(1).setContact("sip:" + watcher + "@192.0.2.20:5062")
        .setRouteSet(List.of()).setAccept(List.of(PIDF)).setExpires(600).setTransport("udp")
        .setSourceHost("192.0.2.20").setSourcePort(5062);
  }

  static Publish.Builder publish(String basic) {
    String body = "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"" + ALICE + "\"><tuple id=\"t\"><status>"
        + "<basic>" + basic + "</basic></status></tuple></presence>";
    return Publish.newBuilder().setEvent("presence").setCallId("pub").setFromUri(ALICE).setExpires(3600)
        .setContentType(PIDF).setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
  }

  static NotifyOutcome outcome(String subscriptionId, int status, boolean timedOut) {
    return NotifyOutcome.newBuilder().setSubscriptionId(subscriptionId).setCseq(1).setStatusCode(status)
        .setTimedOut(timedOut).build();
  }

  static String header(Decision decision, String name) {
    return decision.getHeaders().stream().filter(h -> h.getName().equals(name)).map(Header::getValue).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + decision));
  }
}
