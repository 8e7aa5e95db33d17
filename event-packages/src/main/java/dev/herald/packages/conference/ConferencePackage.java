package dev.herald.packages.conference;

import dev.herald.avro.PresenceRules;
import dev.herald.avro.Publish;
import dev.herald.common.Buffers;
import dev.herald.packages.spi.AdminOutcome;
import dev.herald.packages.spi.AdminRequest;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.Expiries;
import dev.herald.packages.spi.SingleEventPackage;
import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.schemas.ResourceKeys;
import java.util.Arrays;
import java.util.Optional;

/**
 * The conference event package (RFC 4575), as Kamailio's presence_conference serves it: a focus
 * publishes conference-info documents, full or partial; Herald keeps the full state, applies each
 * partial document to it, and sends each watcher the full state, or, with partial state on, the
 * partial document that changed it. Every watcher's documents are numbered by its own version.
 */
final class ConferencePackage extends SingleEventPackage<ConferencePackage.View> {

  static final String NAME = ConferenceInfo.PACKAGE;

  /** The full state watchers see, and the partial document that made it at {@code changedAtMs}, if one did. */
  record View(byte[] full, byte[] change, long changedAtMs) {}

  private final ConferenceLimits limits;
  private final boolean partialState;

  ConferencePackage(Expiries expiries, ConferenceLimits limits, boolean partialState) {
    super(NAME, ConferenceInfo.CONTENT_TYPE, expiries);
    this.limits = limits;
    this.partialState = partialState;
  }





  /**
   * Drops what the focus published, as Kamailio's conference_reset does: watchers get the empty
   * full state, and the focus's next PUBLISH with SIP-If-Match gets 412, so it publishes full state again.
   */
  @Override
  public AdminOutcome admin(ResourceState state, AdminRequest request) {
    if (!ConferenceProvider.RESET.equals(request.command())) {
      return AdminOutcome.unknown();
    }
    ResourceState cleared = state;
    for (Publication publication : state.publications()) {
      cleared = cleared.withoutPublication(publication.entityTag());
    }
    return new AdminOutcome.Changed(cleared);
  }

  @Override
  public PublishCheck check(Publish publish) {
    return PublishCheck.ofBody(publish, body -> ConferenceInfo.parse(body, limits)
        instanceof ConferenceDocument.Rejected rejected ? new Refusal(rejected.sipStatus(), rejected.reason()) : null);
  }

  /**
   * A full document replaces the conference's state; a partial one is applied to it (RFC 4575 §4.6):
   * to the publication it modifies, or, for a new publication, to the state published last.
   */
  @Override
  public PublishCheck check(ResourceState state, Publish publish) {
    if (publish.getBody() == null) {
      return PublishCheck.accepted();
    }
    byte[] body = Buffers.copy(publish.getBody());
    ConferenceDocument parsed = ConferenceInfo.parse(body, limits);
    if (parsed instanceof ConferenceDocument.Rejected rejected) {
      return PublishCheck.refused(rejected.sipStatus(), rejected.reason());
    }
    Optional<Publication> base = publish.getIfMatch() == null ? latest(state) : state.publication(publish.getIfMatch());
    if (publish.getIfMatch() != null && base.isEmpty()) {
      // RFC 3903 §6 step 6 answers an unknown entity-tag with 412; the focus then publishes full state.
      return PublishCheck.accepted();
    }
    byte[] stored = base.map(Publication::body).orElse(null);
    ConferenceInfo.Update update = ConferenceInfo.apply(stored, (ConferenceDocument.Valid) parsed, body, limits);
    if (update instanceof ConferenceInfo.Update.Refused refused) {
      return PublishCheck.refused(refused.sipStatus(), refused.reason());
    }
    ConferenceInfo.Update.Applied applied = (ConferenceInfo.Update.Applied) update;
    return new PublishCheck.Merged(applied.full(), applied.change());
  }

  @Override
  public Admission admit(ResourceState state, PresenceRules rules, Candidate candidate, long nowMs) {
    return new Admission.Admitted(candidate.subscription(), state);
  }

  /** The state of the focus that published last; a conference nobody publishes has no users. */
  @Override
  public View view(ResourceState state) {
    return latest(state).map(p -> new View(p.body(), p.change(), p.publishedAtMs()))
        .orElseGet(() -> new View(ConferenceInfo.empty(ResourceKeys.uriOf(state.resource())), null, 0));
  }

  @Override
  public byte[] document(View view) {
    return view.full();
  }

  @Override
  public boolean sameInputs(ResourceState before, ResourceState after) {
    return Publication.sameBodies(before.publications(), after.publications());
  }

  @Override
  public boolean same(View before, View after) {
    return Arrays.equals(before.full(), after.full());
  }

  @Override
  public Content content(ResourceState state, View view, Subscription subscription, long nowMs) {
    return new Content(ConferenceInfo.CONTENT_TYPE, ConferenceInfo.withVersion(view.full(), version(subscription)));
  }

  /**
   * With partial state on, a watcher that has its full state gets the partial document that changed
   * it just now, numbered next in its sequence (RFC 4575 §4.6). A change that is not this one's (the
   * state of an older publication, shown again when a newer one is removed) goes as full state.
   */
  @Override
  public Content changeContent(ResourceState state, View view, Subscription subscription, long nowMs) {
    if (!partialState || view.change() == null || view.changedAtMs() != nowMs || subscription.documentVersion() == 0) {
      return content(state, view, subscription, nowMs);
    }
    return new Content(ConferenceInfo.CONTENT_TYPE,
        ConferenceInfo.withVersion(view.change(), version(subscription)));
  }

  @Override
  public boolean notifiedOnChange(Subscription subscription) {
    return true;
  }

  /** RFC 4575 §5.1: the first document of a subscription is version 1, each next one adds one. */
  private static long version(Subscription subscription) {
    return subscription.documentVersion() + 1;
  }

  /** The publication published or modified last; of two at once, the one stored later. */
  private static Optional<Publication> latest(ResourceState state) {
    Publication latest = null;
    for (Publication publication : state.publications()) {
      if (latest == null || publication.publishedAtMs() >= latest.publishedAtMs()) {
        latest = publication;
      }
    }
    return Optional.ofNullable(latest);
  }

}
