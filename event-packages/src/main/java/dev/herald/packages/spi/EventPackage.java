package dev.herald.packages.spi;

import dev.herald.avro.NotifyCommand;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.Publish;
import dev.herald.avro.SubHandling;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import java.util.List;
import java.util.Set;

/**
 * One event package (RFC 6665 §7) as a plug-in of the processor. The processor runs what every
 * package shares (subscription dialogs, RFC 3903 publications, expiry, NOTIFY outcomes); a package
 * says what it accepts, what it composes from the publications and what each subscription is sent.
 * Adding a package touches no other package.
 *
 * @param <V> what the package composes from a resource's publications, once per change, for every
 *     NOTIFY of that change
 */
public interface EventPackage<V> {

  /** The package name, the first part of the keys of its resources. */
  String name();

  /**
   * The Event header values whose subscriptions live on this package's resources: the package
   * itself, and packages that report on it (presence.winfo, RFC 6665 §4.4.1) or act on it (line-seize).
   */
  Set<String> events();

  List<String> contentTypes();

  /** How long its subscriptions and publications may last. */
  Expiries expiries();

  /** How long a subscription to {@code event}, one of {@link #events}, may last. */
  default Expiries.Bounds subscribeBounds(String event) {
    return expiries().subscribe();
  }

  /** RFC 3903 §6 step 4: an initial publication needs a body, unless the package's state travels in headers. */
  default boolean publishNeedsBody() {
    return true;
  }

  /** RFC 3903 §6 step 5: whether the PUBLISH may be stored; nothing is stored when it may not. */
  PublishCheck check(Publish publish);

  /**
   * {@link #check(Publish)} where what is stored depends on what the resource holds: a package with
   * partial state answers {@link PublishCheck.Merged} with the full state to store.
   */
  default PublishCheck check(ResourceState state, Publish publish) {
    return check(publish);
  }

  /** What a refused publication or subscription is answered with. */
  record Refusal(int status, String reason) {}

  /** What {@link #check} found: the request may be stored (as it came, or merged), or it is refused. */
  sealed interface PublishCheck {
    record Accepted() implements PublishCheck {}

    /** Store {@code body} instead of the PUBLISH's body; {@code change} is the partial document it applied, or null. */
    record Merged(byte[] body, byte[] change) implements PublishCheck {}

    record Refused(Refusal refusal) implements PublishCheck {}

    static PublishCheck accepted() {
      return new Accepted();
    }

    static PublishCheck refused(int status, String reason) {
      return new Refused(new Refusal(status, reason));
    }

    /** The body of {@code publish} checked by {@code validate}; one without a body (a refresh) passes. */
    static PublishCheck ofBody(Publish publish, java.util.function.Function<byte[], Refusal> validate) {
      if (publish.getBody() == null) {
        return accepted();
      }
      Refusal refusal = validate.apply(dev.herald.common.Buffers.copy(publish.getBody()));
      return refusal == null ? accepted() : new Refused(refusal);
    }
  }

  /**
   * Whether a new subscription is made: refused, or admitted as {@code subscription} (with its
   * handling and what the package keeps of it) into the state it leaves (a seized appearance).
   */
  sealed interface Admission {
    record Admitted(Subscription subscription, ResourceState state) implements Admission {}

    record Refused(Refusal refusal) implements Admission {}
  }

  /**
   * A new subscription of {@code identity} (authenticated, or else the From URI); {@code rules} are
   * the presentity's authorization rules, where the package has any.
   */
  Admission admit(ResourceState state, PresenceRules rules, Candidate candidate, long nowMs);

  /** The new subscription as {@link #admit} sees it, with the package's headers of its SUBSCRIBE. */
  record Candidate(Subscription subscription, String identity, List<dev.herald.avro.Header> headers) {}

  /**
   * The presentity's rules changed: the handling {@code subscription} has now, which may be BLOCK
   * (it ends as rejected). Packages without rules keep every subscription as it is.
   */
  default SubHandling rejudge(ResourceState state, PresenceRules rules, Subscription subscription) {
    return subscription.handling();
  }

  /** What the publications show watchers, composed once per change. */
  V view(ResourceState state);

  /** The view as herald.presence-state carries it, in the package's first content type. */
  byte[] document(V view);

  /**
   * Whether watchers cannot tell {@code before} from {@code after} without composing them: what the
   * view is made of is the same (a refresh changes a tag and an expiry only).
   */
  boolean sameInputs(ResourceState before, ResourceState after);

  /** Whether two composed views show watchers the same. */
  boolean same(V before, V after);

  /** What {@code subscription} is sent now. */
  Content content(ResourceState state, V view, Subscription subscription, long nowMs);

  /**
   * What {@code subscription}, which knows the state before, is sent when the view changed: the full
   * {@link #content} unless the package sends partial state.
   */
  default Content changeContent(ResourceState state, V view, Subscription subscription, long nowMs) {
    return content(state, view, subscription, nowMs);
  }

  /** Whether {@code subscription} hears of a changed view (a pending one, say, does not). */
  boolean notifiedOnChange(Subscription subscription);

  /**
   * Whether REGISTERs of the address of record change this package's resource (RFC 3261 §10.3):
   * presence shows what is registered, other packages take no REGISTER.
   */
  default boolean takesRegistrations() {
    return false;
  }

  /**
   * An operator's command on a resource; {@link AdminOutcome.Changed} leaves a new state, and every
   * subscription that hears of changes is sent the full state, whether or not it changed.
   */
  default AdminOutcome admin(ResourceState state, AdminRequest request) {
    return AdminOutcome.unknown();
  }

  /** A subscription began: what it means for the others (a watcher list, a seized appearance). */
  default ResourceState started(ResourceState state, Subscription subscription, long nowMs, List<NotifyCommand> out) {
    return state;
  }

  /** A subscription's handling changed from {@code before}'s to {@code after}'s: what it means for the others. */
  default ResourceState rehandled(ResourceState state, Subscription before, Subscription after, long nowMs,
      List<NotifyCommand> out) {
    return state;
  }

  /** A subscription ended for {@code cause}: what it means for the others. */
  default ResourceState ended(ResourceState state, Subscription subscription, ChangeCause cause, long nowMs,
      List<NotifyCommand> out) {
    return state;
  }
}
