package dev.herald.processor;

import dev.herald.packages.spi.Expiries;
import java.util.Objects;

/**
 * What the processor applies to every event package's subscriptions and publications.
 *
 * @param expiries how long subscriptions and publications may last: below the minimum a request
 *     gets 423 (RFC 6665 §4.2.1.1, RFC 3903 §6 step 3), longer ones are granted the maximum, one
 *     that asks for none the default (RFC 3856 §6.4 suggests 3600 s for SUBSCRIBE)
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
    Expiries expiries,
    int expiryReductionPercent,
    String contactUri,
    int maxFailedNotifies,
    boolean winfoPartialState,
    boolean excludePublisher) {

  public PresenceSettings {
    Objects.requireNonNull(expiries, "expiries");
    Objects.requireNonNull(contactUri, "contactUri");
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

  /** Herald's defaults, with {@code contactUri}: {@link Expiries#defaults()}, 10 % reduction, 3 failed NOTIFYs. */
  public static Builder builder(String contactUri) {
    return new Builder(contactUri);
  }

  public static PresenceSettings defaults(String contactUri) {
    return builder(contactUri).build();
  }

  public Builder toBuilder() {
    return new Builder(contactUri).expiries(expiries).expiryReductionPercent(expiryReductionPercent)
        .maxFailedNotifies(maxFailedNotifies).winfoPartialState(winfoPartialState).excludePublisher(excludePublisher);
  }

  public PresenceSettings withWinfoPartialState(boolean partial) {
    return toBuilder().winfoPartialState(partial).build();
  }

  public PresenceSettings withExcludePublisher(boolean exclude) {
    return toBuilder().excludePublisher(exclude).build();
  }

  /** Builds {@link PresenceSettings} by name. */
  public static final class Builder {
    private final String contactUri;
    private Expiries expiries = Expiries.defaults();
    private int expiryReductionPercent = 10;
    private int maxFailedNotifies = 3;
    private boolean winfoPartialState = true;
    private boolean excludePublisher;

    private Builder(String contactUri) {
      this.contactUri = contactUri;
    }

    public Builder expiries(Expiries value) {
      this.expiries = value;
      return this;
    }

    public Builder expiryReductionPercent(int value) {
      this.expiryReductionPercent = value;
      return this;
    }

    public Builder maxFailedNotifies(int value) {
      this.maxFailedNotifies = value;
      return this;
    }

    public Builder winfoPartialState(boolean value) {
      this.winfoPartialState = value;
      return this;
    }

    public Builder excludePublisher(boolean value) {
      this.excludePublisher = value;
      return this;
    }

    public PresenceSettings build() {
      return new PresenceSettings(expiries, expiryReductionPercent, contactUri, maxFailedNotifies, winfoPartialState,
          excludePublisher);
    }
  }
}
