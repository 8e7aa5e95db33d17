package dev.herald.processor.views;

import dev.herald.avro.SubHandling;
import dev.herald.packages.authorization.Authorizer;
import dev.herald.packages.state.Binding;
import dev.herald.packages.state.Flow;
import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.schemas.ResourceKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the operator views show of the processor's state, as the admin API's JSON: publications,
 * subscriptions and bindings with their expiries and flows. Times are epoch milliseconds, with the
 * seconds left beside them as of the answer.
 */
public final class ViewJson {

  private ViewJson() {}

  /**
   * The flow a request came on.
   *
   * @param transport udp, tcp, tls, ws, wss
   * @param remote the source address and port as received
   * @param local the edge's socket it came in on, empty when not known
   * @param edge the edge that holds it, empty when not known (state from before flows)
   * @param edgeInstance that edge's instance, -1 when not known
   * @param natted the source differs from the top Via's sent-by
   * @param outbound the client asked for its flow only (RFC 5626)
   */
  public record FlowView(String transport, String remote, String local, String edge, int edgeInstance, boolean natted,
      boolean outbound) {}

  /**
   * One publication of a presentity.
   *
   * @param entityTag its SIP-ETag
   * @param source who published it: the authenticated identity or From URI, or a gateway's
   */
  public record PublicationView(String entityTag, String source, String contentType, long publishedAtMs,
      long expiresAtMs, long expiresInS, String body) {}

  /**
   * A presentity: the document its watchers are sent now, composed of its publications.
   *
   * @param resource the resource key, {@code package|uri}
   * @param owner the processor instance that holds it ({@code host:port} of its admin port)
   * @param publications a page of its publications, by entity tag
   * @param next the cursor of the next page of publications, null on the last
   */
  public record PresentityView(String resource, String presentity, String event, String owner, String contentType,
      String document, List<PublicationView> publications, String next) {}

  /**
   * One presentity in the list of every presentity with publications.
   *
   * @param publications how many publications it has
   * @param watchers how many subscriptions its resource holds, of any event
   * @param expiresInS seconds until its last publication expires
   */
  public record PresentitySummary(String resource, String presentity, String event, int publications, int watchers,
      long expiresInS) {}

  /**
   * One subscription, as the watchers and subscriptions views list it.
   *
   * @param state active, pending (waiting for authorization) or terminated (expired, not yet removed)
   * @param contact where its NOTIFYs go when the flow is gone (the dialog's remote target)
   */
  public record SubscriptionView(String id, String resource, String presentity, String event, String watcher,
      String identity, String state, long expiresAtMs, long expiresInS, String contact, String callId,
      long createdAtMs, FlowView flow) {}

  /** One registered contact of an address of record; {@code flow} is null for an external registrar's. */
  public record BindingView(String aor, String contact, long expiresAtMs, long expiresInS, String instanceId,
      Integer regId, String q, String callId, long cseq, String userAgent, String source, long registeredAtMs,
      FlowView flow) {}

  public static FlowView flow(Flow flow) {
    if (flow == null) {
      return null;
    }
    boolean knownLocal = !flow.local().host().isEmpty();
    return new FlowView(flow.transport(), flow.remote().toString(), knownLocal ? flow.local().toString() : "",
        flow.edge().known() && flow.edge().id() != null ? flow.edge().id() : "", flow.edge().instance(),
        flow.natted(), flow.outbound());
  }

  /** {@code state}'s presentity as the list of presentities shows it, as of {@code nowMs}. */
  public static PresentitySummary presentity(String event, ResourceState state, long nowMs) {
    long lastExpiry = state.publications().stream().mapToLong(Publication::expiresAtMs).max().orElse(nowMs);
    return new PresentitySummary(state.resource(), ResourceKeys.uriOf(state.resource()), event,
        state.publications().size(), state.subscriptions().size(), secondsLeft(lastExpiry, nowMs));
  }

  public static PublicationView publication(Publication p, long nowMs) {
    return new PublicationView(p.entityTag(), p.publisher() == null ? "" : p.publisher(), p.contentType(),
        p.publishedAtMs(), p.expiresAtMs(), secondsLeft(p.expiresAtMs(), nowMs),
        new String(p.body(), StandardCharsets.UTF_8));
  }

  public static SubscriptionView subscription(String resource, Subscription s, long nowMs) {
    return new SubscriptionView(s.id(), resource, ResourceKeys.uriOf(resource), s.event(), s.watcherUri(),
        s.watcherIdentity(), state(s, nowMs), s.expiresAtMs(), secondsLeft(s.expiresAtMs(), nowMs), s.remoteTarget(),
        s.callId(), s.createdAtMs(), flow(s.flow()));
  }

  public static BindingView binding(String resource, Binding b, long nowMs) {
    return new BindingView(ResourceKeys.uriOf(resource), b.contact(), b.expiresAtMs(),
        secondsLeft(b.expiresAtMs(), nowMs), b.instanceId(), b.regId(), b.q(), b.callId(), b.cseq(), b.userAgent(),
        b.source(), b.registeredAtMs(), flow(b.flow()));
  }

  /**
   * A subscription's state as RFC 6665's Subscription-State names it: pending while its watcher waits
   * for authorization (RFC 5025 confirm), terminated once expired (the expiry punctuator removes it
   * within a second), else active (a politely blocked watcher too: it is sent a neutral document).
   */
  public static String state(Subscription s, long nowMs) {
    if (s.expiredAt(nowMs)) {
      return "terminated";
    }
    return s.handling() == SubHandling.CONFIRM ? "pending" : "active";
  }

  /** The domain of a resource key or URI: its host, lower-case, without port; {@code tel} for a tel: URI. */
  public static String domainOf(String resourceOrUri) {
    String uri = resourceOrUri.indexOf('|') >= 0 ? ResourceKeys.uriOf(resourceOrUri) : resourceOrUri;
    String host = Authorizer.hostOf(uri);
    return host != null ? host : uri.substring(0, Math.max(0, uri.indexOf(':')));
  }

  /** The cursor of a subscription in a listing: its resource, then its id. */
  public static String cursor(SubscriptionView s) {
    return s.resource() + " " + s.id();
  }

  /** The cursor of a binding in a listing: its contact, then its instance and reg-id. */
  public static String cursor(BindingView b) {
    return b.contact() + " " + (b.instanceId() == null ? "" : b.instanceId()) + " "
        + (b.regId() == null ? "" : b.regId());
  }

  static long secondsLeft(long expiresAtMs, long nowMs) {
    return Math.max(0, (expiresAtMs - nowMs + 999) / 1000);
  }
}
