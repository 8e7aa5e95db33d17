package dev.herald.xmpp;

import dev.herald.avro.PresenceRules;
import dev.herald.avro.PresenceState;
import dev.herald.avro.SubHandling;
import dev.herald.avro.XmppSubscription;
import dev.herald.avro.XmppSubscriptionState;
import dev.herald.common.Buffers;
import dev.herald.packages.authorization.Authorizer;
import dev.herald.packages.authorization.DomainPolicies;
import dev.herald.schemas.ResourceKeys;
import dev.herald.xmpp.PresenceMapping.Status;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/**
 * What the gateway decides, on one thread: every input (a watch demand, a SIP user's composed
 * presence, rules, the XMPP link coming and going, a stanza) changes this state and says what to send
 * through the {@link Outbox}. No Kafka, no socket: those are the role's.
 *
 * <p>XMPP to SIP: the first SIP watcher of {@code sip:bob@<xmpp domain>} makes the gateway subscribe
 * to bob over XMPP (RFC 6121 §3.1) from the component's own JID and probe him; each presence of his
 * resources becomes the standing publication of his resource, and the last watcher leaving
 * unsubscribes and removes it. While the link is down each watched contact shows closed, never the
 * last presence seen.
 *
 * <p>SIP to XMPP: an XMPP user's subscription to {@code alice@<component>} is decided by alice's
 * rules as a SIP watcher's would be (RFC 5025 §3.2.1); approved subscribers get a presence stanza
 * whenever alice's composed presence changes, and on a probe.
 */
final class GatewayCore {

  /** The tag of the publication the gateway keeps for each watched contact (a standing tag has a ':'). */
  static final String STANDING_TAG = "xmpp:gateway";

  private static final Logger log = LoggerFactory.getLogger(GatewayCore.class);

  /** What the core asks the role to do. */
  interface Outbox {
    /** Sends a stanza over the link; only called while the link is up. */
    void send(Packet stanza);

    /** Publishes {@code document} as the contact's standing publication; null removes it. */
    void publish(String resourceKey, String entityUri, byte[] document);

    void save(XmppSubscription subscription);

    void forget(String sipUri, String jid);
  }

  private final Addresses addresses;
  private final DomainPolicies defaultPolicy;
  private final Outbox out;
  private final LongSupplier clock;
  private final int maxDocumentBytes;

  private boolean linkUp;
  /** Contact resources with SIP watchers. */
  private final Set<String> watched = new LinkedHashSet<>();
  /** Per watched contact resource, the last status of each of its XMPP resources. */
  private final Map<String, Map<String, Status>> contacts = new HashMap<>();
  /** What each SIP user of the SIP domain shows, from the composed presence. */
  private final Map<String, Status> sipUsers = new HashMap<>();
  /** Rules by presence resource key. */
  private final Map<String, PresenceRules> rules = new HashMap<>();
  /** Per SIP user, its XMPP subscribers (bare JIDs) and their state. */
  private final Map<String, Map<String, XmppSubscriptionState>> subscribers = new HashMap<>();

  /**
   * @param maxDocumentBytes the longest document the gateway publishes (the edge's limit on a PUBLISH body)
   */
  GatewayCore(Addresses addresses, DomainPolicies defaultPolicy, Outbox out, LongSupplier clock,
      int maxDocumentBytes) {
    this.addresses = addresses;
    this.defaultPolicy = defaultPolicy;
    this.out = out;
    this.clock = clock;
    this.maxDocumentBytes = maxDocumentBytes;
  }

  // --- inputs from Kafka ---------------------------------------------------------------------

  /** A resource's watch demand: {@code watchedNow} false for its tombstone. */
  void demand(String resourceKey, boolean watchedNow) {
    Optional<JID> contact = addresses.contactOf(resourceKey);
    if (contact.isEmpty()) {
      return;
    }
    if (watchedNow) {
      if (watched.add(resourceKey)) {
        publish(resourceKey);
        if (linkUp) {
          subscribeTo(contact.get(), false);
        }
      }
    } else if (watched.remove(resourceKey)) {
      contacts.remove(resourceKey);
      out.publish(resourceKey, ResourceKeys.uriOf(resourceKey), null);
      if (linkUp) {
        // RFC 6121 §3.3.1: the last SIP watcher left, so the gateway no longer wants bob's presence.
        out.send(directed(Presence.Type.unsubscribe, componentJid(), contact.get()));
      }
    }
  }

  /** A resource's composed presence from {@code herald.presence-state}; null for its tombstone. */
  void sipPresence(String resourceKey, PresenceState state) {
    Optional<String> sipUri = addresses.sipUserOfResource(resourceKey);
    if (sipUri.isEmpty()) {
      return;
    }
    Status status = state == null || state.getDocument() == null ? Status.UNAVAILABLE
        : PresenceMapping.fromPidf(Buffers.copy(state.getDocument()));
    Status before = sipUsers.put(sipUri.get(), status);
    if (status.equals(before) || !linkUp) {
      return;
    }
    subscribersOf(sipUri.get()).forEach((jid, subscription) -> {
      if (subscription == XmppSubscriptionState.ACTIVE) {
        out.send(presenceOf(sipUri.get(), new JID(jid)));
      }
    });
  }

  /** A presentity's rules changed (null: removed); its XMPP subscribers are decided again. */
  void rules(String resourceKey, PresenceRules changed) {
    if (changed == null) {
      rules.remove(resourceKey);
    } else {
      rules.put(resourceKey, changed);
    }
    Optional<String> sipUri = addresses.sipUserOfResource(resourceKey);
    if (sipUri.isEmpty()) {
      return;
    }
    for (String jid : Set.copyOf(subscribersOf(sipUri.get()).keySet())) {
      decide(sipUri.get(), new JID(jid), false);
    }
  }

  /** A record of the gateway's own subscriptions topic, read back when it starts; null for a tombstone. */
  void restored(String key, XmppSubscription subscription) {
    if (subscription != null) {
      subscribers.computeIfAbsent(subscription.getSipUri(), uri -> new HashMap<>())
          .put(subscription.getJid(), subscription.getState());
      return;
    }
    int space = key.indexOf(' ');
    if (space > 0) {
      Map<String, XmppSubscriptionState> jids = subscribers.get(key.substring(0, space));
      if (jids != null) {
        jids.remove(key.substring(space + 1));
        if (jids.isEmpty()) {
          subscribers.remove(key.substring(0, space));
        }
      }
    }
  }

  /** The key of a subscription in the gateway's topic. */
  static String subscriptionKey(String sipUri, String jid) {
    return sipUri + " " + jid;
  }

  /** Keeps the standing publications alive: each is published again before it expires. */
  void refreshPublications() {
    watched.forEach(this::publish);
  }

  // --- the XMPP link -----------------------------------------------------------------------

  void linkUp() {
    linkUp = true;
    for (String resourceKey : watched) {
      addresses.contactOf(resourceKey).ifPresent(contact -> subscribeTo(contact, true));
    }
    subscribers.forEach((sipUri, jids) -> jids.forEach((jid, state) -> {
      if (state != XmppSubscriptionState.PENDING) {
        out.send(presenceOf(sipUri, new JID(jid)));
      }
    }));
  }

  /** The link is gone: what the contacts showed is no longer known, so each shows closed. */
  void linkDown() {
    linkUp = false;
    for (String resourceKey : watched) {
      if (contacts.remove(resourceKey) != null) {
        publish(resourceKey);
      }
    }
  }

  boolean isLinkUp() {
    return linkUp;
  }

  int watchedContacts() {
    return watched.size();
  }

  int xmppSubscribers() {
    return subscribers.values().stream().mapToInt(Map::size).sum();
  }

  // --- stanzas -----------------------------------------------------------------------------

  void stanza(Packet packet) {
    log.debug("in: {}", packet);
    if (!(packet instanceof Presence presence) || presence.getFrom() == null) {
      return;
    }
    Presence.Type type = presence.getType();
    if (type == null || type == Presence.Type.unavailable) {
      contactPresence(presence);
      return;
    }
    Optional<String> sipUser = addresses.sipUserOf(presence.getTo());
    switch (type) {
      case subscribe -> sipUser.ifPresent(uri -> decide(uri, presence.getFrom(), true));
      case unsubscribe -> sipUser.ifPresent(uri -> unsubscribed(uri, presence.getFrom()));
      case probe -> sipUser.ifPresent(uri -> probed(uri, presence.getFrom()));
      case unsubscribed, error -> contactGone(presence);
      default -> log.debug("ignored {} presence from {}", type, presence.getFrom());
    }
  }

  /** RFC 6121 §4.4: the presence of one of a contact's resources; unavailable without resource ends all. */
  private void contactPresence(Presence presence) {
    Optional<String> resourceKey = addresses.contactResource(presence.getFrom());
    if (resourceKey.isEmpty() || !watched.contains(resourceKey.get())) {
      return;
    }
    Map<String, Status> resources = contacts.computeIfAbsent(resourceKey.get(), key -> new HashMap<>());
    String xmppResource = presence.getFrom().getResource();
    if (xmppResource == null && presence.getType() == Presence.Type.unavailable) {
      resources.clear();
      resources.put("", Status.of(presence));
    } else {
      resources.put(xmppResource == null ? "" : xmppResource, Status.of(presence));
    }
    publish(resourceKey.get());
  }

  /** The contact refused or revoked the gateway's subscription, or cannot be reached: closed. */
  private void contactGone(Presence presence) {
    Optional<String> resourceKey = addresses.contactResource(presence.getFrom());
    if (resourceKey.isPresent() && watched.contains(resourceKey.get())) {
      log.info("{} from {}: shown as closed", presence.getType(), presence.getFrom().toBareJID());
      contacts.remove(resourceKey.get());
      publish(resourceKey.get());
    }
  }

  /**
   * Decides an XMPP user's subscription to a SIP user by the SIP user's rules (RFC 5025 §3.2.1):
   * allow approves it, polite-block approves it but shows the user unavailable, confirm leaves it
   * pending, block refuses it. {@code asked} is true for a subscription request, false when the
   * rules changed.
   */
  private void decide(String sipUri, JID subscriber, boolean asked) {
    String jid = subscriber.toBareJID();
    JID bare = new JID(jid);
    SubHandling handling = Authorizer.subHandling(rules.get(Addresses.presenceResource(sipUri)),
        Addresses.watcherIdentity(subscriber), sipUri, defaultPolicy);
    XmppSubscriptionState before = subscribersOf(sipUri).get(jid);
    XmppSubscriptionState after = switch (handling) {
      case ALLOW -> XmppSubscriptionState.ACTIVE;
      case POLITE_BLOCK -> XmppSubscriptionState.POLITE_BLOCKED;
      case CONFIRM -> XmppSubscriptionState.PENDING;
      case BLOCK -> null;
    };
    if (after == null) {
      if (before != null || asked) {
        forget(sipUri, jid);
        send(directed(Presence.Type.unsubscribed, jidOf(sipUri), bare));
      }
      return;
    }
    if (after != before) {
      subscribers.computeIfAbsent(sipUri, uri -> new HashMap<>()).put(jid, after);
      out.save(new XmppSubscription(sipUri, jid, after, clock.getAsLong()));
    }
    if (after == XmppSubscriptionState.PENDING) {
      if (before != null && before != XmppSubscriptionState.PENDING) {
        send(PresenceMapping.stanza(Status.UNAVAILABLE, jidOf(sipUri), bare));
      }
      return;
    }
    if (after != before || asked) {
      // RFC 6121 §3.1.5: approve, then the current presence (§4.3.2: as to a probe).
      send(directed(Presence.Type.subscribed, jidOf(sipUri), bare));
      send(presenceOf(sipUri, bare));
    }
  }

  private void unsubscribed(String sipUri, JID subscriber) {
    String jid = subscriber.toBareJID();
    if (subscribersOf(sipUri).containsKey(jid)) {
      forget(sipUri, jid);
      // RFC 6121 §3.3.3: the contact's server answers an unsubscribe with unavailable presence.
      send(PresenceMapping.stanza(Status.UNAVAILABLE, jidOf(sipUri), new JID(jid)));
    }
  }

  /** RFC 6121 §4.3.2: a subscriber's probe gets the current presence; anyone else learns nothing. */
  private void probed(String sipUri, JID prober) {
    XmppSubscriptionState state = subscribersOf(sipUri).get(prober.toBareJID());
    if (state == null) {
      send(directed(Presence.Type.unsubscribed, jidOf(sipUri), new JID(prober.toBareJID())));
    } else if (state != XmppSubscriptionState.PENDING) {
      send(presenceOf(sipUri, prober));
    }
  }

  private void forget(String sipUri, String jid) {
    Map<String, XmppSubscriptionState> jids = subscribers.get(sipUri);
    if (jids != null) {
      jids.remove(jid);
      if (jids.isEmpty()) {
        subscribers.remove(sipUri);
      }
    }
    out.forget(sipUri, jid);
  }

  // --- helpers ------------------------------------------------------------------------------

  private void publish(String resourceKey) {
    String uri = ResourceKeys.uriOf(resourceKey);
    out.publish(resourceKey, uri, PresenceMapping.pidf(uri, contacts.getOrDefault(resourceKey, Map.of()),
        maxDocumentBytes));
  }

  /**
   * RFC 6121 §3.1.1: asks for the contact's presence; its server sends the current presence once the
   * contact approves (§3.1.5). After a reconnect, when the subscription already stands, a probe (§4.3.1)
   * asks for it at once; a probe sent with a first request would race the approval and be answered
   * unsubscribed.
   */
  private void subscribeTo(JID contact, boolean probe) {
    out.send(directed(Presence.Type.subscribe, componentJid(), contact));
    if (probe) {
      out.send(directed(Presence.Type.probe, componentJid(), contact));
    }
  }

  /** What the SIP user shows to a subscriber: unavailable to a politely blocked one. */
  private Presence presenceOf(String sipUri, JID subscriber) {
    XmppSubscriptionState state = subscribersOf(sipUri).get(subscriber.toBareJID());
    Status status = state == XmppSubscriptionState.POLITE_BLOCKED ? Status.UNAVAILABLE
        : sipUsers.getOrDefault(sipUri, Status.UNAVAILABLE);
    return PresenceMapping.stanza(status, jidOf(sipUri), subscriber);
  }

  private Map<String, XmppSubscriptionState> subscribersOf(String sipUri) {
    return subscribers.getOrDefault(sipUri, Map.of());
  }

  private void send(Packet stanza) {
    if (linkUp) {
      out.send(stanza);
    }
  }

  private JID componentJid() {
    return new JID(null, addresses.componentName(), null);
  }

  private JID jidOf(String sipUri) {
    return addresses.jidOfSipUser(sipUri).orElseThrow();
  }

  private static Presence directed(Presence.Type type, JID from, JID to) {
    Presence presence = new Presence(type);
    presence.setFrom(from);
    presence.setTo(to);
    return presence;
  }
}
