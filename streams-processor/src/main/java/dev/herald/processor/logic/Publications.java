package dev.herald.processor.logic;

import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.avro.Publish;
import dev.herald.avro.RequestEvent;
import dev.herald.common.Buffers;
import dev.herald.packages.spi.EntityTags;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.Expiries;
import dev.herald.packages.spi.Refusals;
import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.processor.ResourceLimits;
import java.util.List;
import java.util.Optional;

/**
 * PUBLISH (RFC 3903 §6): initial, refresh, modify and remove, with entity-tags, the package's check
 * of the body and the cap on publications per resource; a change reaches the watchers through
 * {@link FanOut}.
 *
 * <p>A gateway's standing publication ({@code Publish.standingTag}, see {@link EntityTags}) is
 * created or replaced under the tag the gateway chose, checked as any PUBLISH is, and removed by
 * expires 0, which is answered 200 whether or not it was there. Its SIP-If-Match is not read.
 */
final class Publications {

  private final Packages packages;
  private final FanOut fanOut;
  private final ResourceLimits limits;

  Publications(Packages packages, FanOut fanOut, ResourceLimits limits) {
    this.packages = packages;
    this.fanOut = fanOut;
    this.limits = limits;
  }

  Effects publish(ResourceState state, RequestEvent event, Publish publish, long nowMs) {
    String standingTag = publish.getStandingTag();
    if (standingTag != null && !EntityTags.isValidStanding(standingTag)) {
      return Decisions.answer(state, event, 400, "Standing Tag Needs a Source Before ':'", List.of(), null, nowMs);
    }
    Integer requested = publish.getExpires();
    Expiries.Bounds bounds = packages.of(state).expiries().publish();
    if (requested != null && requested > 0 && requested < bounds.min()) {
      // RFC 3903 §6 step 3
      return Decisions.answer(state, event, 423, "Interval Too Brief",
          List.of(new Header("Min-Expires", Integer.toString(bounds.min()))), null, nowMs);
    }
    EventPackage<?> pkg = packages.of(state);
    byte[] body = publish.getBody() == null ? null : Buffers.copy(publish.getBody());
    if (body != null && !pkg.contentTypes().contains(publish.getContentType())) {
      return Decisions.answer(state, event, 415, "Unsupported Media Type",
          List.of(new Header("Accept", String.join(", ", pkg.contentTypes()))), null, nowMs);
    }
    EventPackage.PublishCheck check = pkg.check(state, publish);
    if (check instanceof EventPackage.PublishCheck.Refused refused) {
      return Decisions.answer(state, event, refused.refusal().status(), refused.refusal().reason(), List.of(), null,
          nowMs);
    }
    byte[] change = null;
    if (check instanceof EventPackage.PublishCheck.Merged merged) {
      body = merged.body();
      change = merged.change();
    }
    int granted = requested == null ? bounds.defaultSeconds() : Math.min(requested, bounds.max());
    if (standingTag != null) {
      return standing(state, event, publish, standingTag, body, change, granted, nowMs);
    }
    String ifMatch = publish.getIfMatch();
    if (ifMatch == null) {
      if (body == null && pkg.publishNeedsBody() || granted == 0) {
        return withoutBody(state, event, nowMs);
      }
      if (full(state, nowMs)) {
        return tooMany(state, event, nowMs);
      }
      ResourceState tagged = state.nextEntityTag();
      String tag = EntityTags.of(tagged, event.getRequestId());
      return published(state, tagged.withPublication(created(pkg, tag, publish, body, change, granted, nowMs)),
          event, tag, granted, publish.getSender(), nowMs);
    }
    Optional<Publication> existing = state.publication(ifMatch);
    if (existing.isEmpty() || EntityTags.isStanding(ifMatch)) {
      // RFC 3903 §6 step 6; a standing publication is its gateway's alone to change.
      return Decisions.answer(state, event, 412, "Conditional Request Failed", List.of(), null, nowMs);
    }
    if (granted == 0) {
      return removed(state, event, ifMatch, nowMs);
    }
    ResourceState tagged = state.nextEntityTag();
    String tag = EntityTags.of(tagged, event.getRequestId());
    // RFC 3903 §4.2: a refresh has no body; a package whose state travels in headers is modified by them.
    boolean modifies = body != null || !pkg.publishNeedsBody() && !publish.getExtraHeaders().isEmpty();
    Publication next = modifies
        ? existing.get().modified(tag, nowMs + granted * 1000L, body == null ? new byte[0] : body,
            publish.getExtraHeaders(), change, nowMs)
        : existing.get().refreshed(tag, nowMs + granted * 1000L);
    return published(state, tagged.replacingPublication(ifMatch, next), event, tag, granted, publish.getSender(),
        nowMs);
  }

  /** The standing publication {@code tag}: removed by expires 0, else created (within the cap) or replaced. */
  private Effects standing(ResourceState state, RequestEvent event, Publish publish, String tag, byte[] body,
      byte[] change, int granted, long nowMs) {
    EventPackage<?> pkg = packages.of(state);
    Optional<Publication> existing = state.publication(tag);
    if (granted == 0) {
      return existing.isPresent() ? removed(state, event, tag, nowMs)
          : Decisions.answer(state, event, 200, "OK", List.of(new Header("Expires", "0")), null, nowMs);
    }
    if (body == null && pkg.publishNeedsBody()) {
      return withoutBody(state, event, nowMs);
    }
    if (existing.isEmpty()) {
      if (full(state, nowMs)) {
        return tooMany(state, event, nowMs);
      }
      return published(state, state.withPublication(created(pkg, tag, publish, body, change, granted, nowMs)), event,
          tag, granted, publish.getSender(), nowMs);
    }
    Publication replaced = existing.get().modified(tag, nowMs + granted * 1000L, body == null ? new byte[0] : body,
        publish.getExtraHeaders(), change, nowMs);
    return published(state, state.replacingPublication(tag, replaced), event, tag, granted, publish.getSender(),
        nowMs);
  }

  /** RFC 3903 §6 step 4: only an initial publication, with a body, comes without SIP-If-Match. */
  private static Effects withoutBody(ResourceState state, RequestEvent event, long nowMs) {
    return Decisions.answer(state, event, Refusals.INITIAL_PUBLISH_NEEDS_BODY.status(),
        Refusals.INITIAL_PUBLISH_NEEDS_BODY.reason(), List.of(), null, nowMs);
  }

  /** Herald's own cap: every publication is composed again on each change of the presentity. */
  private boolean full(ResourceState state, long nowMs) {
    return state.publications().stream().filter(p -> !p.expiredAt(nowMs)).count() >= limits.maxPublications();
  }

  private static Effects tooMany(ResourceState state, RequestEvent event, long nowMs) {
    return Decisions.answer(state, event, 403, "Too Many Publications for This Resource", List.of(), null, nowMs);
  }

  private static Publication created(EventPackage<?> pkg, String tag, Publish publish, byte[] body, byte[] change,
      int granted, long nowMs) {
    return new Publication(tag, nowMs + granted * 1000L, contentTypeOf(pkg, publish),
        body == null ? new byte[0] : body, nowMs,
        Packages.identityOf(publish.getAssertedIdentity(), publish.getFromUri()), publish.getExtraHeaders(), change);
  }

  /** RFC 3903 §4.5: removal. */
  private Effects removed(ResourceState state, RequestEvent event, String tag, long nowMs) {
    return fanOut.changed(state, state.withoutPublication(tag), Decisions.of(event, 200, "OK",
        List.of(new Header("Expires", "0")), null, nowMs), nowMs);
  }

  private Effects published(ResourceState before, ResourceState after, RequestEvent event, String tag, int granted,
      String sender, long nowMs) {
    Decision decision = Decisions.of(event, 200, "OK", List.of(
        new Header("SIP-ETag", tag), new Header("Expires", Integer.toString(granted))), null, nowMs);
    return fanOut.changedIn(packages.of(after), before, after, decision, sender, nowMs);
  }

  private static String contentTypeOf(EventPackage<?> pkg, Publish publish) {
    return publish.getContentType() != null ? publish.getContentType() : pkg.contentTypes().get(0);
  }
}
