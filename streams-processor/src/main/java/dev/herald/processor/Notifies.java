package dev.herald.processor;

import dev.herald.avro.Header;
import dev.herald.avro.NotifyCommand;
import dev.herald.processor.state.ResourceState;
import dev.herald.processor.state.Subscription;
import java.nio.ByteBuffer;
import java.util.List;

/** NOTIFY commands of a subscription dialog: complete enough that the notifier needs no state. */
final class Notifies {

  /**
   * A NOTIFY body, its type and the package's headers (Call-Info); {@code NONE} sends no body (a
   * pending subscription, RFC 6665 §4.2.1.2).
   */
  record Content(String contentType, byte[] body, List<Header> headers) {
    static final Content NONE = new Content(null, null);

    Content {
      headers = List.copyOf(headers);
    }

    Content(String contentType, byte[] body) {
      this(contentType, body, List.of());
    }
  }

  private final String contactUri;

  Notifies(String contactUri) {
    this.contactUri = contactUri;
  }

  /** The NOTIFY {@code subscription} sends next; the caller stores {@code subscription} as already notified. */
  NotifyCommand notify(ResourceState state, Subscription subscription, String subscriptionState, Content content,
      long nowMs) {
    boolean pinFlow = subscription.routeSet().isEmpty() && "udp".equalsIgnoreCase(subscription.transport());
    return NotifyCommand.newBuilder()
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
        .setContact(contactUri)
        .setEvent(subscription.event())
        .setEventId(subscription.eventId())
        .setSubscriptionState(subscriptionState)
        .setContentType(content.contentType())
        .setBody(content.body() == null ? null : ByteBuffer.wrap(content.body()))
        .setExtraHeaders(content.headers())
        .setTransport(subscription.transport())
        .setDestinationHost(pinFlow ? subscription.sourceHost() : null)
        .setDestinationPort(pinFlow ? subscription.sourcePort() : null)
        .setCreatedAtMs(nowMs)
        .build();
  }

  /** Subscription-State of a live subscription (RFC 6665 §4.1.3): pending while it awaits authorization. */
  static String live(Subscription subscription, long nowMs) {
    return (subscription.pending() ? "pending" : "active") + ";expires=" + subscription.secondsLeft(nowMs);
  }
}
