package dev.herald.backend;

import dev.herald.avro.WatchDemand;
import dev.herald.packages.authorization.Authorizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the back-end subscriber decides, on one thread and without SIP or Kafka: a resource of
 * another domain that Herald's watchers demand gets a subscription at its own server; what that
 * server notifies becomes the resource's standing publication, so composition, rules, history and
 * every watcher (a list's back-end subscription among them) see it; the demand ending ends it.
 */
final class BackendCore {

  /** The tag of the publication the subscriber keeps for each resource (a standing tag has a ':'). */
  static final String STANDING_TAG = "sip:backend";
  /** How long a SUBSCRIBE may go unanswered before it counts as failed (RFC 3261 Timer F). */
  static final long ANSWER_MS = 32_000;
  /** A standing publication outlives its subscription's refresh by this much, and no more. */
  static final int PUBLICATION_MARGIN_SECONDS = 120;

  /** What the core asks for, done with SIP and Kafka. */
  interface Outbox {
    /** Sends the subscription's SUBSCRIBE with {@code expires} (0: unsubscribe). */
    void subscribe(RemoteSubscription subscription, int expires);

    /** Publishes {@code body} as the resource's standing publication for {@code seconds}; a null body removes it. */
    void publish(String resource, String uri, String event, String contentType, byte[] body, int seconds);
  }

  /** What a NOTIFY of one of its subscriptions carries. */
  record Notify(String callId, String localTag, String remoteTag, String remoteTarget, String subscriptionState,
      String contentType, byte[] body) {}

  private final BackendConfig config;
  private final Outbox out;
  private final Supplier<String> ids;
  private final Map<String, RemoteSubscription> byResource = new HashMap<>();
  private final Map<String, String> resourceByCallId = new HashMap<>();
  /** Dialogs it ended lately, whose last NOTIFY still gets its 200 (RFC 6665 §4.1.2.3). */
  private final Map<String, Boolean> ended = new java.util.LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 1_000;
    }
  };

  BackendCore(BackendConfig config, Outbox out, Supplier<String> ids) {
    this.config = config;
    this.out = out;
    this.ids = ids;
  }

  /** A resource's watch demand: {@code demand} null for its tombstone. */
  void demand(String resource, WatchDemand demand, long nowMs) {
    RemoteSubscription current = byResource.get(resource);
    if (demand == null) {
      if (current != null) {
        forget(current);
        if (current.inDialog()) {
          // RFC 6665 §4.1.2.3: Expires 0 ends the subscription.
          out.subscribe(current.resubscribed(nowMs, ANSWER_MS), 0);
        }
        out.publish(resource, current.uri(), current.event(), null, null, 0);
      }
      return;
    }
    if (current != null || !config.domains().elsewhere(Authorizer.hostOf(demand.getUri()))) {
      return;
    }
    RemoteSubscription started = RemoteSubscription.start(resource, demand.getUri(), demand.getEvent(), ids.get(),
        ids.get(), nowMs, ANSWER_MS);
    keep(started);
    out.subscribe(started, config.timing().subscribeSeconds());
  }

  /** The final answer to a SUBSCRIBE of {@code callId} with {@code cseq}. */
  void answered(String callId, long cseq, int status, String remoteTag, String remoteTarget, Integer expires,
      long nowMs) {
    Optional<RemoteSubscription> found = byCallId(callId).filter(s -> s.cseq() == cseq);
    if (found.isEmpty() || found.get().state() != RemoteSubscription.State.SUBSCRIBING) {
      return;
    }
    RemoteSubscription subscription = found.get();
    if (status >= 200 && status < 300) {
      int granted = expires == null ? config.timing().subscribeSeconds() : expires;
      if (granted == 0) {
        keep(subscription.failed(nowMs, config.timing()));
        return;
      }
      keep(subscription.accepted(remoteTag, remoteTarget, granted, nowMs));
      return;
    }
    if (status == 481 && subscription.inDialog()) {
      // RFC 6665 §4.1.2.2: the refresh found no subscription; a new one starts at once.
      keep(subscription.failed(nowMs, config.timing()).retried(ids.get(), ids.get(), nowMs, ANSWER_MS));
      RemoteSubscription again = byResource.get(subscription.resource());
      out.subscribe(again, config.timing().subscribeSeconds());
      return;
    }
    keep(subscription.failed(nowMs, config.timing()));
  }

  /** A NOTIFY; the answer to send is 200 for one of its subscriptions, else 481 (RFC 6665 §4.1.3). */
  int notified(Notify notify, long nowMs) {
    Optional<RemoteSubscription> found = byCallId(notify.callId())
        .filter(s -> s.localTag().equals(notify.localTag()))
        .filter(s -> s.remoteTag() == null || s.remoteTag().equals(notify.remoteTag()));
    if (found.isEmpty()) {
      return ended.containsKey(notify.callId()) ? 200 : 481;
    }
    RemoteSubscription subscription = found.get().notifiedBy(notify.remoteTag(), notify.remoteTarget());
    String state = notify.subscriptionState() == null ? "" : notify.subscriptionState().strip()
        .toLowerCase(Locale.ROOT);
    if (state.startsWith("terminated")) {
      // RFC 6665 §4.1.3: the notifier ended it; the resource shows nothing until a new one is active.
      keep(subscription.failed(nowMs, config.timing()));
      out.publish(subscription.resource(), subscription.uri(), subscription.event(), null, null, 0);
      return 200;
    }
    keep(subscription);
    if (notify.body() != null && notify.body().length > 0 && notify.contentType() != null) {
      out.publish(subscription.resource(), subscription.uri(), subscription.event(), notify.contentType(),
          notify.body(), config.timing().subscribeSeconds() + PUBLICATION_MARGIN_SECONDS);
    }
    return 200;
  }

  /** Refreshes what is due, gives up on what went unanswered, tries again what waited. */
  void tick(long nowMs) {
    List<RemoteSubscription> due = new ArrayList<>();
    for (RemoteSubscription subscription : byResource.values()) {
      if (subscription.dueAtMs() <= nowMs) {
        due.add(subscription);
      }
    }
    for (RemoteSubscription subscription : due) {
      switch (subscription.state()) {
        case ACTIVE -> {
          RemoteSubscription refresh = subscription.resubscribed(nowMs, ANSWER_MS);
          keep(refresh);
          out.subscribe(refresh, config.timing().subscribeSeconds());
        }
        case SUBSCRIBING -> keep(subscription.failed(nowMs, config.timing()));
        case WAITING -> {
          RemoteSubscription again = subscription.retried(ids.get(), ids.get(), nowMs, ANSWER_MS);
          keep(again);
          out.subscribe(again, config.timing().subscribeSeconds());
        }
      }
    }
  }

  int subscriptions() {
    return byResource.size();
  }

  int active() {
    return (int) byResource.values().stream().filter(s -> s.state() == RemoteSubscription.State.ACTIVE).count();
  }

  Optional<RemoteSubscription> subscriptionOf(String resource) {
    return Optional.ofNullable(byResource.get(resource));
  }

  private Optional<RemoteSubscription> byCallId(String callId) {
    return Optional.ofNullable(resourceByCallId.get(callId)).map(byResource::get)
        .filter(s -> s.callId().equals(callId));
  }

  private void keep(RemoteSubscription subscription) {
    RemoteSubscription before = byResource.put(subscription.resource(), subscription);
    if (before != null && !before.callId().equals(subscription.callId())) {
      resourceByCallId.remove(before.callId());
    }
    resourceByCallId.put(subscription.callId(), subscription.resource());
  }

  private void forget(RemoteSubscription subscription) {
    byResource.remove(subscription.resource());
    resourceByCallId.remove(subscription.callId());
    ended.put(subscription.callId(), true);
  }
}
