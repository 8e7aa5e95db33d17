package dev.herald.packages.callinfo;

import dev.herald.avro.Header;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.Publish;
import dev.herald.packages.spi.ChangeCause;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.Expiries;
import dev.herald.packages.spi.Notifies;
import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.schemas.ResourceKeys;
import java.util.List;
import java.util.Set;

/**
 * Shared line appearances (OpenSIPS presence_callinfo; draft-anil-sipping-bla, SCA): call-info
 * PUBLISHes carry each appearance's state in Call-Info headers; NOTIFYs carry one combined
 * Call-Info and no body; a line-seize subscription seizes one idle appearance for its lifetime, and
 * every seizure and release is told to the call-info watchers.
 */
final class CallInfoPackage implements EventPackage<String> {

  static final String NAME = "call-info";
  static final String LINE_SEIZE = "line-seize";
  static final String CALL_INFO_HEADER = "Call-Info";
  private static final String APPEARANCE = "appearance-index";
  /** Accepted in a PUBLISH (some phones send dialog-info besides the header) and ignored. */
  static final String DIALOG_INFO = "application/dialog-info+xml";

  private final Expiries expiries;
  private final Expiries.Bounds lineSeize;
  private final Notifies notifies;
  private final CallInfoHeader.Limits limits;

  /** {@code lineSeize}: how long a seizure may last (OpenSIPS presence_callinfo's line_seize_timeout). */
  CallInfoPackage(Expiries expiries, Expiries.Bounds lineSeize, Notifies notifies, CallInfoHeader.Limits limits) {
    this.expiries = expiries;
    this.lineSeize = lineSeize;
    this.notifies = notifies;
    this.limits = limits;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> events() {
    return Set.of(NAME, LINE_SEIZE);
  }

  @Override
  public Expiries expiries() {
    return expiries;
  }

  /** A seizure is short: phones seize for seconds, and a seized appearance must not stay seized long. */
  @Override
  public Expiries.Bounds subscribeBounds(String event) {
    return LINE_SEIZE.equals(event) ? lineSeize : expiries.subscribe();
  }

  @Override
  public List<String> contentTypes() {
    return List.of(DIALOG_INFO);
  }

  @Override
  public boolean publishNeedsBody() {
    return false;
  }

  /** presence_callinfo: a call-info PUBLISH must carry Call-Info; a refresh (SIP-If-Match alone) need not. */
  @Override
  public PublishCheck check(Publish publish) {
    List<String> values = callInfo(publish.getExtraHeaders());
    if (values.isEmpty() && publish.getIfMatch() != null) {
      return PublishCheck.accepted();
    }
    return CallInfoHeader.parse(values, limits) instanceof CallInfoHeader.Rejected rejected
        ? PublishCheck.refused(rejected.status(), rejected.reason()) : PublishCheck.accepted();
  }

  /** A line-seize is granted only for an idle appearance nobody else holds (OpenSIPS #4192, #4193). */
  @Override
  public Admission admit(ResourceState state, PresenceRules rules, Candidate candidate, long nowMs) {
    Subscription subscription = candidate.subscription();
    if (!LINE_SEIZE.equals(subscription.event())) {
      return new Admission.Admitted(subscription, state);
    }
    CallInfoHeader.SeizeRequest request = CallInfoHeader.parseSeize(callInfo(candidate.headers()), limits);
    if (request instanceof CallInfoHeader.Rejected rejected) {
      return new Admission.Refused(new Refusal(rejected.status(), rejected.reason()));
    }
    int index = ((CallInfoHeader.Seize) request).index();
    LineState.SeizeResult result = line(state).seize(index, subscription.id(), Math.max(subscription.expiresAtMs(),
        nowMs + 1), nowMs);
    if (result instanceof LineState.Refused refused) {
      return new Admission.Refused(new Refusal(refused.status(), refused.reason()));
    }
    return new Admission.Admitted(subscription.withAttribute(APPEARANCE, Integer.toString(index)), state);
  }

  @Override
  public String view(ResourceState state) {
    return line(state).callInfoHeaderValue();
  }

  @Override
  public byte[] document(String view) {
    return view.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public boolean sameInputs(ResourceState before, ResourceState after) {
    return false;
  }

  @Override
  public boolean same(String before, String after) {
    return before.equals(after);
  }

  @Override
  public Content content(ResourceState state, String view, Subscription subscription, long nowMs) {
    return new Content(null, null, List.of(new Header(CALL_INFO_HEADER, view)));
  }

  @Override
  public boolean notifiedOnChange(Subscription subscription) {
    return NAME.equals(subscription.event());
  }

  @Override
  public ResourceState started(ResourceState state, Subscription subscription, long nowMs, List<NotifyCommand> out) {
    return LINE_SEIZE.equals(subscription.event()) ? tellWatchers(state, nowMs, out) : state;
  }

  @Override
  public ResourceState ended(ResourceState state, Subscription subscription, ChangeCause cause, long nowMs,
      List<NotifyCommand> out) {
    return LINE_SEIZE.equals(subscription.event()) ? tellWatchers(state, nowMs, out) : state;
  }

  /** A seizure or release changed the line: every call-info watcher hears of it. */
  private ResourceState tellWatchers(ResourceState state, long nowMs, List<NotifyCommand> out) {
    String view = view(state);
    return state.mapSubscriptions(subscription -> {
      if (!notifiedOnChange(subscription) || subscription.expiredAt(nowMs)) {
        return subscription;
      }
      Subscription next = subscription.notified();
      out.add(notifies.notify(state, next, Notifies.live(next, nowMs), content(state, view, next, nowMs), nowMs));
      return next.nextDocumentVersion();
    });
  }

  /**
   * The line as its publications and its line-seize subscriptions make it; a subscription is in
   * the state only while it lives, so its seizure is too.
   */
  private LineState line(ResourceState state) {
    LineState line = LineState.empty(ResourceKeys.uriOf(state.resource()));
    for (Publication publication : state.publications()) {
      if (CallInfoHeader.parse(callInfo(publication.headers()), limits) instanceof CallInfoHeader.Parsed parsed) {
        line = line.withPublished(publication.entityTag(), parsed.appearances());
      }
    }
    for (Subscription subscription : state.subscriptions()) {
      String index = subscription.attributes().get(APPEARANCE);
      if (LINE_SEIZE.equals(subscription.event()) && index != null
          && line.seize(Integer.parseInt(index), subscription.id(), Long.MAX_VALUE, 0)
              instanceof LineState.Granted granted) {
        line = granted.state();
      }
    }
    return line;
  }

  private static List<String> callInfo(List<Header> headers) {
    return headers.stream().filter(h -> h.getName().equalsIgnoreCase(CALL_INFO_HEADER)).map(Header::getValue).toList();
  }
}
