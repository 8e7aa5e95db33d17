package dev.herald.packages.spi;

import dev.herald.avro.NotifyCommand;
import dev.herald.packages.state.Flow;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import java.nio.ByteBuffer;

/** NOTIFY commands of a subscription dialog: complete enough that the notifier needs no state. */
public final class Notifies {


  private final String contactUri;

  public Notifies(String contactUri) {
    this.contactUri = contactUri;
  }

  /** The NOTIFY {@code subscription} sends next; the caller stores {@code subscription} as already notified. */
  public NotifyCommand notify(ResourceState state, Subscription subscription, String subscriptionState, Content content,
      long nowMs) {
    NotifyCommand.Builder command = NotifyCommand.newBuilder()
        .setSubscriptionId(subscription.id())
        .setResource(state.resource())
        .setRequestUri(subscription.remoteTarget())
        .setRouteSet(subscription.routeSet())
        .setCallId(subscription.callId())
        .setFromUri(subscription.resourceUri())
        .setFromTag(subscription.localTag())
        .setToUri(subscription.watcherUri())
        .setToTag(subscription.watcherTag())
        .setCseq(subscription.notifyCseq())
        .setContact(contactFor(subscription.flow()))
        .setEvent(subscription.event())
        .setEventId(subscription.eventId())
        .setSubscriptionState(subscriptionState)
        .setContentType(content.contentType())
        .setBody(content.body() == null ? null : ByteBuffer.wrap(content.body()))
        .setExtraHeaders(content.headers())
        // A 2xx only matters to a subscription with failures to forget: most NOTIFYs then cost no
        // outcome record at all. One made before an earlier NOTIFY's failure is known says nothing
        // of its success; the next one does.
        .setReportSuccess(subscription.failedNotifies() > 0)
        .setCreatedAtMs(nowMs);
    return addressed(command, subscription).build();
  }

  /**
   * Where the NOTIFY goes. A route set means a proxy in front that Record-Routed: its Route decides
   * (RFC 3261 §12.2.1.1), any notifier sends. Otherwise a subscriber whose Contact reaches its flow's
   * source as it is (UDP, no NAT) is any notifier's too. Everyone else (behind a NAT, on a
   * connection, asking for its flow) is reached only over its flow, from the edge that holds it
   * (RFC 5626 §5.3, RFC 5923, RFC 3581 §4).
   */
  public static NotifyCommand.Builder addressed(NotifyCommand.Builder command, Subscription subscription) {
    Flow flow = subscription.flow();
    command.setTransport(flow.transport()).setEdgeId(flow.edge().id());
    if (!subscription.routeSet().isEmpty()) {
      return command;
    }
    if (!flow.edge().known()) {
      // A subscription stored before flows: as then, over UDP to the source it came from.
      boolean udp = !flow.connectionOriented();
      return command.setDestinationHost(udp ? flow.remote().host() : null)
          .setDestinationPort(udp ? flow.remote().port() : null);
    }
    if (flow.contactReachesSource(subscription.remoteTarget())) {
      return command;
    }
    return command.setEdgeInstance(flow.edge().instance()).setFlowOnly(flow.outbound())
        .setDestinationHost(flow.remote().host()).setDestinationPort(flow.remote().port());
  }

  /**
   * Herald's Contact in a dialog on {@code flow}: with the flow's transport, so the subscriber sends
   * its refreshes over the connection it opened rather than over UDP (RFC 3261 §12.1.1, §19.1.4).
   */
  public String contactFor(Flow flow) {
    return flow.connectionOriented() ? contactUri + ";transport=" + flow.transport() : contactUri;
  }

  /** Subscription-State of a live subscription (RFC 6665 §4.1.3): pending while it awaits authorization. */
  public static String live(Subscription subscription, long nowMs) {
    return (subscription.pending() ? "pending" : "active") + ";expires=" + subscription.secondsLeft(nowMs);
  }
}
