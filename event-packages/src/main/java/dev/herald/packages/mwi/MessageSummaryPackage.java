package dev.herald.packages.mwi;

import dev.herald.avro.PresenceRules;
import dev.herald.avro.Publish;
import dev.herald.avro.SubHandling;
import dev.herald.packages.mwi.MessageSummary.Counts;
import dev.herald.packages.mwi.MessageSummary.MessageClass;
import dev.herald.packages.spi.AdminOutcome;
import dev.herald.packages.spi.AdminRequest;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.EntityTags;
import dev.herald.packages.spi.Expiries;
import dev.herald.packages.spi.SingleEventPackage;
import dev.herald.packages.spi.WatcherAuthorization;
import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.schemas.ResourceKeys;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The message-summary event package (RFC 3842): a mailbox's summary, published by its voicemail
 * system (with entity-tags, RFC 3903) or set by an operator; the latest publication wins, and a
 * mailbox with none shows {@code Messages-Waiting: no}. A mailbox's owner may always watch it;
 * anyone else as the operator's authorization allows, never pending.
 */
final class MessageSummaryPackage extends SingleEventPackage<byte[]> {

  static final String NAME = "message-summary";

  /** What an operator's {@code set} publishes under: it lasts until the next one or a PUBLISH. */
  private static final String OPERATOR = "herald-admin";

  private static final byte[] NOTHING_WAITING = MessageSummaryFormat.format(MessageSummary.none());

  private final MessageSummaryFormat.Limits limits;
  private final WatcherAuthorization authorization;

  MessageSummaryPackage(Expiries expiries, MessageSummaryFormat.Limits limits, WatcherAuthorization authorization) {
    super(NAME, MessageSummaryFormat.CONTENT_TYPE, expiries);
    this.limits = limits;
    this.authorization = authorization;
  }





  @Override
  public PublishCheck check(Publish publish) {
    return PublishCheck.ofBody(publish, body -> MessageSummaryFormat.parse(body, limits)
        instanceof MessageSummaryFormat.Parsed.Bad bad ? new Refusal(400, bad.reason()) : null);
  }

  @Override
  public Admission admit(ResourceState state, PresenceRules rules, Candidate candidate, long nowMs) {
    String mailbox = ResourceKeys.uriOf(state.resource());
    boolean allowed = candidate.identity().equals(mailbox)
        || authorization.handling(rules, candidate.identity(), mailbox) == SubHandling.ALLOW;
    return allowed ? new Admission.Admitted(candidate.subscription().handled(SubHandling.ALLOW), state)
        : new Admission.Refused(new Refusal(403, "Forbidden"));
  }

  @Override
  public SubHandling rejudge(ResourceState state, PresenceRules rules, Subscription subscription) {
    String mailbox = ResourceKeys.uriOf(state.resource());
    return subscription.watcherIdentity().equals(mailbox)
        || authorization.handling(rules, subscription.watcherIdentity(), mailbox) == SubHandling.ALLOW
        ? SubHandling.ALLOW : SubHandling.BLOCK;
  }

  @Override
  public byte[] view(ResourceState state) {
    return latest(state).map(Publication::body).orElse(NOTHING_WAITING);
  }

  @Override
  public byte[] document(byte[] view) {
    return view;
  }

  @Override
  public boolean sameInputs(ResourceState before, ResourceState after) {
    return Arrays.equals(view(before), view(after));
  }

  @Override
  public boolean same(byte[] before, byte[] after) {
    return Arrays.equals(before, after);
  }

  @Override
  public Content content(ResourceState state, byte[] view, Subscription subscription, long nowMs) {
    return new Content(MessageSummaryFormat.CONTENT_TYPE, view);
  }

  @Override
  public boolean notifiedOnChange(Subscription subscription) {
    return subscription.handling() == SubHandling.ALLOW;
  }

  /** {@code set}: the mailbox's publications give way to one with the counts given (0 where not given). */
  @Override
  public AdminOutcome admin(ResourceState state, AdminRequest request) {
    if (!MessageSummaryProvider.SET.name().equals(request.command())) {
      return AdminOutcome.unknown();
    }
    Map<String, String> args = request.args();
    Optional<String> bad = MessageSummaryProvider.SET.check(args);
    if (bad.isPresent()) {
      // The admin API checks as much; a command written to the log by other means may not have been.
      return new AdminOutcome.Refused(new Refusal(400, bad.get()));
    }
    Counts voice = new Counts(count(args, "new"), count(args, "old"), count(args, "urgent-new"),
        count(args, "urgent-old"));
    // RFC 3842 §5.2: "yes" while there are new messages.
    MessageSummary summary = new MessageSummary(voice.newMessages() > 0 || voice.urgentNew() > 0,
        args.get("account"), Map.of(MessageClass.VOICE_MESSAGE, voice));
    ResourceState cleared = state;
    for (Publication publication : state.publications()) {
      cleared = cleared.withoutPublication(publication.entityTag());
    }
    ResourceState tagged = cleared.nextEntityTag();
    Publication set = new Publication(EntityTags.of(tagged, request.requestId()), Long.MAX_VALUE,
        MessageSummaryFormat.CONTENT_TYPE, MessageSummaryFormat.format(summary), request.nowMs(), OPERATOR, List.of());
    return new AdminOutcome.Changed(tagged.withPublication(set));
  }

  private static int count(Map<String, String> args, String name) {
    return Integer.parseInt(args.getOrDefault(name, "0"));
  }

  /** The publication made last; the voicemail system's newest word on the mailbox. */
  private static Optional<Publication> latest(ResourceState state) {
    return state.publications().stream().max(Comparator.comparingLong(Publication::publishedAtMs));
  }
}
