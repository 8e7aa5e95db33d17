package dev.herald.processor;

import dev.herald.packages.spi.Expiries;
import java.util.Objects;

/**
 * Rules of the presence package.
 *
 * @param subscribeMinExpires below it a SUBSCRIBE gets 423 (RFC 6665 §4.2.1.1)
 * @param subscribeMaxExpires longer requests are granted this
 * @param subscribeDefaultExpires granted when a SUBSCRIBE asks for none (RFC 3856 §6.4: 3600 s)
 * @param publishMinExpires below it a PUBLISH gets 423 (RFC 3903 §6 step 3)
 * @param publishMaxExpires longer requests are granted this
 * @param publishDefaultExpires granted when a PUBLISH asks for none (RFC 3903 §4.1 leaves it to the ESC)
 * @param expiryReductionPercent a granted subscription expiry is reduced by up to this share, chosen
 *     per request, so that refreshes of subscriptions made at once do not come at once
 * @param contactUri the Contact of Herald's responses and NOTIFYs: an address that reaches an edge
 * @param maxFailedNotifies NOTIFYs in a row that time out (or get 408) before the subscription ends;
 *     a 481 always ends it (RFC 6665 §4.2.2)
 * @param winfoPartialState after the first full document, watcher info subscribers get partial
 *     documents with the changed watchers only (RFC 3858 §4.4); off sends full ones each time
 * @param excludePublisher a subscription from where a PUBLISH came (its Contact, else its source
 *     address) is not told of that publication: a phone that publishes its own line state and
 *     watches the line does not hear of itself (Kamailio's sender for BLA)
 */
public record PresenceSettings(
    int subscribeMinExpires,
    int subscribeMaxExpires,
    int subscribeDefaultExpires,
    int publishMinExpires,
    int publishMaxExpires,
    int publishDefaultExpires,
    int expiryReductionPercent,
    String contactUri,
    int maxFailedNotifies,
    boolean winfoPartialState,
    boolean excludePublisher) {

  public PresenceSettings {
    Objects.requireNonNull(contactUri, "contactUri");
    checkBounds("subscribe", subscribeMinExpires, subscribeMaxExpires, subscribeDefaultExpires);
    checkBounds("publish", publishMinExpires, publishMaxExpires, publishDefaultExpires);
    if (expiryReductionPercent < 0 || expiryReductionPercent > 50) {
      throw new IllegalArgumentException("expiryReductionPercent must be 0..50");
    }
    if (!contactUri.startsWith("sip:") && !contactUri.startsWith("sips:")) {
      throw new IllegalArgumentException("contactUri must be a sip: or sips: URI");
    }
    if (maxFailedNotifies < 1) {
      throw new IllegalArgumentException("maxFailedNotifies must be at least 1");
    }
  }

  private static void checkBounds(String what, int min, int max, int defaultExpires) {
    if (min < 1 || max < min || defaultExpires < min || defaultExpires > max) {
      throw new IllegalArgumentException(what + " expiry bounds need 1 <= min <= default <= max");
    }
  }

  public PresenceSettings withWinfoPartialState(boolean partial) {
    return new PresenceSettings(subscribeMinExpires, subscribeMaxExpires, subscribeDefaultExpires, publishMinExpires,
        publishMaxExpires, publishDefaultExpires, expiryReductionPercent, contactUri, maxFailedNotifies, partial,
        excludePublisher);
  }

  public PresenceSettings withExcludePublisher(boolean exclude) {
    return new PresenceSettings(subscribeMinExpires, subscribeMaxExpires, subscribeDefaultExpires, publishMinExpires,
        publishMaxExpires, publishDefaultExpires, expiryReductionPercent, contactUri, maxFailedNotifies,
        winfoPartialState, exclude);
  }

  /** The expiry bounds these settings give every package. */
  public Expiries expiries() {
    return new Expiries(new Expiries.Bounds(subscribeMinExpires, subscribeMaxExpires, subscribeDefaultExpires),
        new Expiries.Bounds(publishMinExpires, publishMaxExpires, publishDefaultExpires));
  }

  public static PresenceSettings defaults(String contactUri) {
    return new PresenceSettings(60, 3600, 600, 60, 7200, 3600, 10, contactUri, 3, true, false);
  }
}
