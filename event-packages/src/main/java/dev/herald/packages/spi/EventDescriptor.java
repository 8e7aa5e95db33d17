package dev.herald.packages.spi;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the edge must know of one event to check a request alone: the content types of its
 * documents, its expiry bounds, the package whose resource holds its subscriptions (a template
 * package such as presence.winfo lives on the resource it reports on, RFC 6665 §4.4.1), whether it
 * takes PUBLISH and whether an initial PUBLISH needs a body, and which request headers carry the
 * package's state (call-info's Call-Info).
 */
public final class EventDescriptor {

  private final String name;
  private final List<String> contentTypes;
  private final Expiries.Bounds subscribe;
  private final Expiries.Bounds publish;
  private final String resourcePackage;
  private final boolean publishNeedsBody;
  private final List<String> stateHeaders;

  private EventDescriptor(Builder b) {
    this.name = Objects.requireNonNull(b.name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("an event needs a name");
    }
    this.contentTypes = List.copyOf(b.contentTypes);
    if (contentTypes.isEmpty()) {
      throw new IllegalArgumentException("event " + name + " needs at least one content type");
    }
    this.subscribe = Objects.requireNonNull(b.subscribe, "subscribe bounds of " + name);
    this.publish = b.publish;
    this.resourcePackage = b.resourcePackage == null ? name : b.resourcePackage;
    this.publishNeedsBody = b.publishNeedsBody;
    this.stateHeaders = List.copyOf(b.stateHeaders);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The Event header value, lower case; {@code dialog;sla} names the bridged-line variant. */
  public String name() {
    return name;
  }

  public List<String> contentTypes() {
    return contentTypes;
  }

  /** How long a subscription may last (RFC 6665 §4.2.1.1). */
  public Expiries.Bounds subscribe() {
    return subscribe;
  }

  /** How long a publication may last (RFC 3903 §6 step 3); only for a publishable event. */
  public Expiries.Bounds publish() {
    if (publish == null) {
      throw new IllegalStateException(name + " takes no PUBLISH");
    }
    return publish;
  }

  public boolean publishable() {
    return publish != null;
  }

  /** RFC 3903 §6 step 4: an initial PUBLISH needs a body, unless the state travels in headers. */
  public boolean publishNeedsBody() {
    return publishNeedsBody;
  }

  /** The package whose resource holds this event's subscriptions and publications. */
  public String resourcePackage() {
    return resourcePackage;
  }

  /** Headers of SUBSCRIBE and PUBLISH that carry the package's state, passed on as they came. */
  public List<String> stateHeaders() {
    return stateHeaders;
  }

  /** RFC 3261 §20.1 media-range matching of one Accept entry against this event's types. */
  public boolean accepts(String mediaRange) {
    String range = mediaRange.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (range.equals("*/*")) {
      return true;
    }
    for (String type : contentTypes) {
      if (range.equals(type) || (range.endsWith("/*") && type.startsWith(range.substring(0, range.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EventDescriptor that && name.equals(that.name) && contentTypes.equals(that.contentTypes)
        && subscribe.equals(that.subscribe) && Objects.equals(publish, that.publish)
        && resourcePackage.equals(that.resourcePackage) && publishNeedsBody == that.publishNeedsBody
        && stateHeaders.equals(that.stateHeaders);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, contentTypes, subscribe, publish, resourcePackage, publishNeedsBody, stateHeaders);
  }

  @Override
  public String toString() {
    return "EventDescriptor[" + name + " on " + resourcePackage + ", " + contentTypes + ", subscribe " + subscribe
        + (publish == null ? ", no PUBLISH" : ", publish " + publish + (publishNeedsBody ? "" : " without body"))
        + (stateHeaders.isEmpty() ? "" : ", state in " + stateHeaders) + "]";
  }

  /** An event that takes SUBSCRIBE only, until {@link #publishable} is called. */
  public static final class Builder {
    private final String name;
    private List<String> contentTypes = List.of();
    private Expiries.Bounds subscribe;
    private Expiries.Bounds publish;
    private String resourcePackage;
    private boolean publishNeedsBody = true;
    private List<String> stateHeaders = List.of();

    private Builder(String name) {
      this.name = name;
    }

    public Builder contentTypes(String... types) {
      this.contentTypes = List.of(types);
      return this;
    }

    public Builder subscribe(Expiries.Bounds bounds) {
      this.subscribe = bounds;
      return this;
    }

    /** The event takes PUBLISH, within {@code bounds}. */
    public Builder publishable(Expiries.Bounds bounds) {
      this.publish = Objects.requireNonNull(bounds, "publish bounds");
      return this;
    }

    /** The subscribe and publish bounds of {@code expiries}, PUBLISH taken. */
    public Builder expiries(Expiries expiries) {
      return subscribe(expiries.subscribe()).publishable(expiries.publish());
    }

    /** Its subscriptions live on another package's resource (a template package, RFC 6665 §4.4.1). */
    public Builder livesOn(String resourcePackage) {
      this.resourcePackage = resourcePackage;
      return this;
    }

    /** The package's state travels in {@code headers}: an initial PUBLISH needs no body. */
    public Builder stateInHeaders(String... headers) {
      this.stateHeaders = List.of(headers);
      this.publishNeedsBody = false;
      return this;
    }

    public EventDescriptor build() {
      return new EventDescriptor(this);
    }
  }
}
