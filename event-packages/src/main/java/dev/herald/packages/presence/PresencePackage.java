package dev.herald.packages.presence;

import dev.herald.avro.NotifyCommand;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.Publish;
import dev.herald.avro.SubHandling;
import dev.herald.packages.presence.pidf.Pidf;
import dev.herald.packages.presence.pidf.Validation;
import dev.herald.packages.presence.winfo.WatcherEntry.Status;
import dev.herald.packages.presence.winfo.WatcherInfo;
import dev.herald.packages.spi.ChangeCause;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.Expiries;
import dev.herald.packages.spi.Notifies;
import dev.herald.packages.spi.WatcherAuthorization;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.schemas.ResourceKeys;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The presence event package (RFC 3856): PIDF publications composed into one document, with the
 * presence registrations imply; watchers judged by the presentity's rules (RFC 5025); the
 * presentity's own watcher list as presence.winfo (RFC 3857).
 */
final class PresencePackage implements EventPackage<byte[]> {

  static final String NAME = "presence";
  static final String PIDF = "application/pidf+xml";


  private final Expiries expiries;
  private final WatcherAuthorization authorization;
  private final PresenceDocuments documents;
  private final WatcherInfo watcherInfo;

  PresencePackage(Expiries expiries, WatcherAuthorization authorization, DerivedPresence derived,
      Notifies notifies, boolean winfoPartialState) {
    this.expiries = expiries;
    this.authorization = authorization;
    this.documents = new PresenceDocuments(derived);
    this.watcherInfo = new WatcherInfo(notifies, winfoPartialState);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> events() {
    return Set.of(NAME, WatcherInfo.EVENT);
  }

  @Override
  public Expiries expiries() {
    return expiries;
  }

  @Override
  public List<String> contentTypes() {
    return List.of(PIDF);
  }

  @Override
  public boolean takesRegistrations() {
    return true;
  }

  @Override
  public PublishCheck check(Publish publish) {
    return PublishCheck.ofBody(publish, body -> Pidf.validate(body) instanceof Validation.Rejected rejected
        ? new Refusal(rejected.sipStatus(), rejected.reason()) : null);
  }

  @Override
  public Admission admit(ResourceState state, PresenceRules rules, Candidate candidate, long nowMs) {
    String resourceUri = ResourceKeys.uriOf(state.resource());
    SubHandling handling = WatcherInfo.isWinfo(candidate.subscription())
        // RFC 3857 §5.2: by default only the presentity may see who watches it.
        ? (candidate.identity().equals(resourceUri) ? SubHandling.ALLOW : SubHandling.BLOCK)
        : authorization.handling(rules, candidate.identity(), resourceUri);
    // RFC 5025 §3.2.1: block rejects the subscription.
    return handling == SubHandling.BLOCK ? new Admission.Refused(new Refusal(403, "Forbidden"))
        : new Admission.Admitted(candidate.subscription().handled(handling), state);
  }

  @Override
  public SubHandling rejudge(ResourceState state, PresenceRules rules, Subscription subscription) {
    return WatcherInfo.isWinfo(subscription) ? subscription.handling()
        : authorization.handling(rules, subscription.watcherIdentity(), ResourceKeys.uriOf(state.resource()));
  }

  @Override
  public byte[] view(ResourceState state) {
    return documents.document(state);
  }

  @Override
  public byte[] document(byte[] view) {
    return view;
  }

  @Override
  public boolean sameInputs(ResourceState before, ResourceState after) {
    return documents.sameInputs(before, after);
  }

  @Override
  public boolean same(byte[] before, byte[] after) {
    return Arrays.equals(before, after);
  }

  @Override
  public Content content(ResourceState state, byte[] view, Subscription subscription, long nowMs) {
    if (WatcherInfo.isWinfo(subscription)) {
      return watcherInfo.full(state, subscription, nowMs);
    }
    return switch (subscription.handling()) {
      case CONFIRM -> Content.NONE;
      // RFC 5025 §3.2.1: polite-block shows a neutral document, the same whatever is published.
      case POLITE_BLOCK -> new Content(PIDF, Pidf.closed(subscription.resourceUri()));
      default -> new Content(PIDF, view);
    };
  }

  @Override
  public boolean notifiedOnChange(Subscription subscription) {
    // A pending watcher sees nothing yet, a politely blocked one always the same neutral document.
    return !WatcherInfo.isWinfo(subscription) && subscription.handling() == SubHandling.ALLOW;
  }

  @Override
  public ResourceState started(ResourceState state, Subscription subscription, long nowMs, List<NotifyCommand> out) {
    return WatcherInfo.isWinfo(subscription) ? state
        : watcherInfo.tell(state, List.of(WatcherInfo.Change.started(subscription)), nowMs, out);
  }

  @Override
  public ResourceState rehandled(ResourceState state, Subscription before, Subscription after, long nowMs,
      List<NotifyCommand> out) {
    if (!before.pending() || after.pending()) {
      return state;
    }
    return watcherInfo.tell(state, List.of(new WatcherInfo.Change(after, Status.PENDING, Status.ACTIVE,
        ChangeCause.APPROVED_BY_RULE)), nowMs, out);
  }

  @Override
  public ResourceState ended(ResourceState state, Subscription subscription, ChangeCause cause, long nowMs,
      List<NotifyCommand> out) {
    return WatcherInfo.isWinfo(subscription) ? state
        : watcherInfo.tell(state, List.of(WatcherInfo.Change.ended(subscription, cause)), nowMs, out);
  }
}
