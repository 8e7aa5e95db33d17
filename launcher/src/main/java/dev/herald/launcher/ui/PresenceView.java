package dev.herald.launcher.ui;

import dev.herald.avro.PresenceState;
import dev.herald.avro.RegistrantStatus;
import dev.herald.avro.SubHandling;
import dev.herald.common.Buffers;
import dev.herald.common.Hashes;
import dev.herald.packages.state.Flow;
import dev.herald.packages.state.Subscription;
import dev.herald.processor.state.ResourceStore;
import dev.herald.schemas.ResourceKeys;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the web view shows, as the records of three topics make it: the composed state of each
 * resource ({@code herald.presence-state}), each subscription (the processor's subscription store
 * changelog, keyed {@code resource NUL subscription id}) and each registrant account's status
 * ({@code herald.registrant-status}). Applying a record returns the change it makes to the view, or
 * nothing when what the view shows of it did not change (a NOTIFY's new CSeq, say); a tombstone
 * removes the entry. Pure and single-threaded: its owner serialises the calls.
 */
public final class PresenceView {

  /** A resource's composed state. */
  public record Presentity(String key, String event, String uri, String domain, String basic, String note,
      List<String> activities, int publications, long updatedAtMs) {}

  /** One subscription to a resource, with the flow its NOTIFYs take. */
  public record Watcher(String key, String resource, String event, String uri, String domain, String watcher,
      String state, String transport, String remote, String edge, long expiresAtMs) {}

  /** A registrant account's status, with uac_registrant's state number and name. */
  public record Registrant(String accountId, String aor, String domain, String registrar, int state,
      String stateName, String lastResponse, boolean enabled, long updatedAtMs) {}

  /** One change of the view: {@code value} is the new entry, null when the entry was removed. */
  public record Update(String kind, String key, Object value) {
    public static final String PRESENTITY = "presentity";
    public static final String WATCHER = "watcher";
    public static final String REGISTRANT = "registrant";
  }

  /** The whole view, each list sorted by domain, then URI or AOR. */
  public record Snapshot(List<Presentity> presentities, List<Watcher> watchers, List<Registrant> registrants) {}

  private final Map<String, Presentity> presentities = new HashMap<>();
  private final Map<String, Watcher> watchers = new HashMap<>();
  private final Map<String, Registrant> registrants = new HashMap<>();

  /** A record of {@code herald.presence-state}; null is a tombstone. */
  public Optional<Update> applyPresence(String key, PresenceState state) {
    return apply(presentities, Update.PRESENTITY, key, state == null ? null : presentity(key, state));
  }

  /**
   * A record of the subscription store's changelog; null is a tombstone. The view keys the watcher by
   * its resource and a digest of the subscription id, so that the page shows no dialog's Call-ID and
   * tags (enough to end someone's subscription with a forged un-SUBSCRIBE).
   */
  public Optional<Update> applyWatcher(String key, Subscription subscription) {
    String shown = watcherKey(key);
    return apply(watchers, Update.WATCHER, shown,
        subscription == null ? null : watcher(shown, ResourceStore.resourceOf(key), subscription));
  }

  /** {@code resource#digest}: the resource, and the first 16 hex digits of the SHA-256 of the subscription id. */
  static String watcherKey(String changelogKey) {
    String resource = ResourceStore.resourceOf(changelogKey);
    String id = changelogKey.length() > resource.length() ? changelogKey.substring(resource.length() + 1) : "";
    return resource + "#" + Hashes.sha256Hex(id).substring(0, 16);
  }

  /** A record of {@code herald.registrant-status}; null is a tombstone. */
  public Optional<Update> applyRegistrant(String key, RegistrantStatus status) {
    return apply(registrants, Update.REGISTRANT, key, status == null ? null : registrant(status));
  }

  public Snapshot snapshot() {
    return new Snapshot(
        presentities.values().stream().sorted(Comparator.comparing(Presentity::domain)
            .thenComparing(Presentity::uri).thenComparing(Presentity::event)).toList(),
        watchers.values().stream().sorted(Comparator.comparing(Watcher::resource)
            .thenComparing(Watcher::watcher).thenComparing(Watcher::key)).toList(),
        registrants.values().stream().sorted(Comparator.comparing(Registrant::domain)
            .thenComparing(Registrant::aor)).toList());
  }

  private static <V> Optional<Update> apply(Map<String, V> entries, String kind, String key, V value) {
    Objects.requireNonNull(key, "key");
    V before = value == null ? entries.remove(key) : entries.put(key, value);
    return Objects.equals(before, value) ? Optional.empty() : Optional.of(new Update(kind, key, value));
  }

  static Presentity presentity(String key, PresenceState state) {
    String uri = ResourceKeys.uriOf(key);
    boolean pidf = state.getContentType() != null && state.getContentType().toLowerCase(Locale.ROOT).contains("pidf");
    PresenceSummary summary = pidf && state.getDocument() != null
        ? PresenceSummary.of(Buffers.copy(state.getDocument())) : PresenceSummary.UNKNOWN;
    return new Presentity(key, state.getEvent(), uri, domainOf(uri), summary.basic(), summary.note(),
        summary.activities(), state.getPublications().size(), state.getUpdatedAtMs());
  }

  static Watcher watcher(String key, String resource, Subscription subscription) {
    String uri = ResourceKeys.uriOf(resource);
    Flow flow = subscription.flow();
    String state = subscription.handling() == SubHandling.CONFIRM ? "pending" : "active";
    String edge = flow.edge().known() ? flow.edge().id() + "#" + flow.edge().instance() : "";
    return new Watcher(key, resource, ResourceKeys.packageOf(resource), uri, domainOf(uri), subscription.watcherUri(),
        state, flow.transport(), flow.remote().toString(), edge, subscription.expiresAtMs());
  }

  static Registrant registrant(RegistrantStatus status) {
    return new Registrant(status.getAccountId(), status.getAor(), domainOf(status.getAor()), status.getRegistrar(),
        status.getState(), status.getStateName(), status.getLastResponse() == null ? "" : status.getLastResponse(),
        status.getEnabled(), status.getUpdatedAtMs());
  }

  /** The host of a sip:, sips: or tel: URI, lower-cased and without port or parameters; {@code tel} for tel:. */
  static String domainOf(String uri) {
    if (uri == null) {
      return "";
    }
    String lower = uri.toLowerCase(Locale.ROOT);
    if (lower.startsWith("tel:")) {
      return "tel";
    }
    String rest = lower.substring(lower.indexOf(':') + 1);
    rest = rest.substring(rest.indexOf('@') + 1);
    int end = rest.length();
    for (char stop : new char[] {';', '?', '>'}) {
      int at = rest.indexOf(stop);
      if (at >= 0) {
        end = Math.min(end, at);
      }
    }
    String host = rest.substring(0, end);
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close > 0 ? host.substring(0, close + 1) : host;
    }
    int colon = host.indexOf(':');
    return colon >= 0 ? host.substring(0, colon) : host;
  }
}
