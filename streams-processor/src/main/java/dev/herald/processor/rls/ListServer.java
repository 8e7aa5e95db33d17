package dev.herald.processor.rls;

import dev.herald.avro.AdminCommand;
import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.avro.ListEntry;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.RecipientListEntry;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.ResourceList;
import dev.herald.avro.store.ListMemberRecord;
import dev.herald.avro.store.ListTreeRecord;
import dev.herald.packages.rls.ListNotifyBody;
import dev.herald.packages.rls.ListTree;
import dev.herald.packages.rls.MultipartRelated;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.Notifies;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.processor.logic.Decisions;
import dev.herald.processor.logic.Effects;
import dev.herald.schemas.ResourceKeys;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The list side of resource lists (RFC 4662): a list resource serves the list its tree names; each
 * of its subscriptions holds a back-end subscription at every member resource (made, refreshed and
 * ended here as its dialog is) and keeps what each member last reported. Its NOTIFYs carry RLMI
 * and the members' documents as multipart/related: full state when the dialog's own logic notifies
 * (a new or refreshed subscription, a change of authorization, the end: §5.2), and partial state
 * with the members that changed otherwise, at most one per {@link ListSettings#notifyInterval()}
 * per subscription (§4.8). A list changed by the operator sends its subscribers full state, which
 * replaces all they held (§4.6): a partial document cannot say that a resource left the list.
 *
 * <p>A subscription may also bring its own list in its SUBSCRIBE (RFC 5367): that list is kept
 * under the subscription's own key in the trees store, serves that subscription alone (whether or
 * not the operator has a list of the same URI) and leaves with it.
 */
public final class ListServer {

  public static final String TREES_STORE = "list-trees";
  public static final String MEMBERS_STORE = "list-members";

  /** When the subscription's last list NOTIFY left, in ms. */
  static final String NOTIFIED_AT = "rls.notified-at";
  /** Set while the subscription owes its subscriber a full-state NOTIFY. */
  static final String FULL_STATE_DUE = "rls.full-state-due";
  /** Marks a list subscription: one made while the resource was a list, by a subscriber naming eventlist. */
  static final String LIST_SUBSCRIPTION = "rls.eventlist";
  /** Marks a list subscription that serves the list its SUBSCRIBE carried (RFC 5367), not the operator's. */
  static final String OWN_LIST = "rls.own-list";

  private static final char SEPARATOR = '\u0000';
  /** What an RLMI document and the body's framing take besides the members, at most for a sane list name. */
  private static final long RLMI_ALLOWANCE = 2_048;
  /** What a member adds besides its document and URI: its RLMI resource and instance, its part's headers. */
  private static final long PER_MEMBER_ALLOWANCE = 512;
  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, ListTreeRecord> trees;
  private final KeyValueStore<String, ListMemberRecord> members;
  private final Notifies notifies;
  private final ListSettings settings;
  private final BiConsumer<Long, String> schedule;
  /** The task's list resources, kept in memory so that other resources' requests never read the tree store. */
  private final Set<String> listResources = new HashSet<>();
  /** How many subscriptions of each resource brought their own list (RFC 5367), kept in memory likewise. */
  private final Map<String, Integer> ownLists = new HashMap<>();

  /**
   * @param schedule told (due time, {@link #dueKey}) when a subscription's next NOTIFY must wait for the interval
   */
  public ListServer(KeyValueStore<String, ListTreeRecord> trees, KeyValueStore<String, ListMemberRecord> members,
      Notifies notifies, ListSettings settings, BiConsumer<Long, String> schedule) {
    this.trees = trees;
    this.members = members;
    this.notifies = notifies;
    this.settings = settings;
    this.schedule = schedule;
    try (KeyValueIterator<String, ListTreeRecord> all = trees.all()) {
      all.forEachRemaining(entry -> {
        int own = entry.key.indexOf(SEPARATOR);
        if (own < 0) {
          listResources.add(entry.key);
        } else {
          ownLists.merge(entry.key.substring(0, own), 1, Integer::sum);
        }
      });
    }
  }

  /** Whether {@code resource} is a list's resource. */
  public boolean serves(String resource) {
    return listResources.contains(resource);
  }

  /** Whether {@code command} is one of the list server's own. */
  public static boolean isListCommand(AdminCommand command) {
    return ListWatches.MEMBER_STATE.equals(command.getCommand()) || ListWatches.LIST_CHANGED.equals(command.getCommand());
  }

  /** RFC 4662 §4.1: a list answers only a subscriber that takes list NOTIFYs. */
  public static Decision requireEventlist(RequestEvent event, long nowMs) {
    return Decisions.of(event, 421, "Extension Required", List.of(new Header("Require", "eventlist")), null, nowMs);
  }

  /**
   * What an initial SUBSCRIBE that carries its own list did (RFC 5367 §5: the list server then
   * follows RFC 4662): the subscription it made, if any, is a list subscription of that list, kept
   * as a tree whose root is the resource's URI. {@link #served} does the rest.
   */
  public Effects withOwnList(String resource, ResourceState before, Effects effects, List<RecipientListEntry> entries,
      long nowMs) {
    ResourceState after = effects.state();
    Set<String> existed = ids(before);
    for (Subscription made : effects.state().subscriptions()) {
      if (!existed.contains(made.id()) && made.event().equals(ResourceKeys.packageOf(resource))) {
        String uri = ResourceKeys.uriOf(resource);
        ResourceList list = ResourceList.newBuilder().setUri(uri).setName(null)
            .setEntries(entries.stream().map(e -> new ListEntry(e.getUri(), e.getDisplayName())).toList())
            .setUpdatedAtMs(nowMs).build();
        ownLists.merge(resource, 1, Integer::sum);
        trees.put(ownListKey(resource, made.id()), ListTreeRecord.newBuilder().setRoot(uri).setLists(List.of(list))
            .build());
        after = after.withSubscription(made.withAttribute(LIST_SUBSCRIPTION, "1").withAttribute(OWN_LIST, "1"));
      }
    }
    return new Effects(after, effects.decision(), effects.notifies(), effects.presenceChanged(), effects.document());
  }

  /** Applies a list command; back-end requests it causes go to {@code requests}. */
  public Effects apply(ResourceState state, RequestEvent event, AdminCommand command, long nowMs,
      List<RequestEvent> requests) {
    Decision taken = Decisions.of(event, 200, "OK", List.of(), null, nowMs);
    if (ListWatches.LIST_CHANGED.equals(command.getCommand())) {
      return listChanged(state, taken, command, nowMs, requests);
    }
    return ListWatches.report(command).map(report -> memberReported(state, taken, report, nowMs))
        .orElseGet(() -> Effects.answer(state, Decisions.of(event, 400, "Malformed Member State", List.of(), null,
            nowMs)));
  }

  /**
   * What the dialog logic did to a list resource, made a list's: its NOTIFYs carry the list's full
   * state, and its subscriptions' back-end subscriptions follow them (made with a new one,
   * refreshed with a refresh, ended with its end).
   */
  public Effects served(String resource, ResourceState before, Effects effects, long nowMs,
      List<RequestEvent> requests) {
    // withOwnList counted a subscription's own list before this, and its end is counted off below.
    if (!serves(resource) && !ownLists.containsKey(resource)) {
      return effects;
    }
    boolean listResource = serves(resource);
    ResourceState after = listResource ? marked(resource, before, effects.state()) : effects.state();
    Map<String, Subscription> rewritten = new HashMap<>();
    java.util.function.Function<NotifyCommand, List<NotifyCommand>> full = notify -> {
      Optional<Subscription> now = after.subscription(notify.getSubscriptionId());
      Optional<Subscription> then = before.subscription(notify.getSubscriptionId());
      Subscription subscription = now.or(() -> then).filter(s -> isListSubscription(resource, s)).orElse(null);
      ListTree tree = subscription == null ? null : treeOf(resource, subscription);
      if (tree == null || notify.getBody() == null) {
        return List.of(notify);
      }
      long version = now.isPresent() ? Math.max(0, subscription.documentVersion() - 1) : subscription.documentVersion();
      List<Content> contents = bodies(resource, tree, subscription.id(), version, true, Set.of());
      markSent(resource, subscription.id());
      List<NotifyCommand> sent = new ArrayList<>();
      for (int i = 0; i < contents.size(); i++) {
        // The state that did not fit follows at once, in the NOTIFYs after (CSeq and version on by one each).
        sent.add(withContent(NotifyCommand.newBuilder(notify).setCseq(notify.getCseq() + i).build(), contents.get(i)));
      }
      int more = contents.size() - 1;
      now.ifPresent(s -> rewritten.put(s.id(), s.toBuilder().notifyCseq(s.notifyCseq() + more)
          .documentVersion(s.documentVersion() + more).build().withAttribute(NOTIFIED_AT, Long.toString(nowMs))
          .withAttribute(FULL_STATE_DUE, "")));
      return sent;
    };
    Decision decision = effects.decision();
    if (decision != null && !decision.getNotifies().isEmpty()) {
      decision = Decision.newBuilder(decision).setNotifies(decision.getNotifies().stream().map(full)
          .flatMap(List::stream).toList()).build();
    }
    if (decision != null && decision.getStatusCode() / 100 == 2 && decision.getToTag() != null
        && (listResource || decision.getNotifies().stream().anyMatch(n -> ownsList(before, after, n)))) {
      // RFC 4662 §4.1 (RFC 5367 §5: a list carried in the SUBSCRIBE is served as RFC 4662 says).
      List<Header> headers = new ArrayList<>(decision.getHeaders());
      headers.add(new Header("Require", "eventlist"));
      decision = Decision.newBuilder(decision).setHeaders(headers).build();
    }
    List<NotifyCommand> notified = effects.notifies().stream().map(full).flatMap(List::stream).toList();
    ResourceState state = after;
    for (Subscription subscription : rewritten.values()) {
      state = state.withSubscription(subscription);
    }
    backEnd(resource, before, after, nowMs, requests);
    return new Effects(state, decision, notified, effects.presenceChanged(), effects.document());
  }

  /** The partial (or owed full) NOTIFY of a subscription whose interval has passed; nothing if it owes none. */
  public Effects flush(ResourceState state, String subscriptionId, long nowMs) {
    Optional<Subscription> found = state.subscription(subscriptionId).filter(s -> !s.expiredAt(nowMs));
    ListTree tree = found.map(s -> treeOf(state.resource(), s)).orElse(null);
    if (tree == null || found.get().pending()) {
      return Effects.none(state);
    }
    Subscription subscription = found.get();
    boolean fullState = "1".equals(subscription.attributes().get(FULL_STATE_DUE));
    Set<String> changed = unsent(state.resource(), subscriptionId);
    if (!fullState && changed.isEmpty()) {
      return Effects.none(state);
    }
    List<Content> contents = bodies(state.resource(), tree, subscriptionId, subscription.documentVersion(),
        fullState, changed);
    markSent(state.resource(), subscriptionId);
    List<NotifyCommand> sent = new ArrayList<>();
    Subscription current = subscription;
    for (Content content : contents) {
      Subscription next = current.notified();
      sent.add(notifies.notify(state, next, Notifies.live(next, nowMs), content, nowMs));
      current = next.nextDocumentVersion();
    }
    Subscription stored = current.withAttribute(NOTIFIED_AT, Long.toString(nowMs)).withAttribute(FULL_STATE_DUE, "");
    return new Effects(state.withSubscription(stored), null, sent, false);
  }

  /**
   * {@code state} without what the pace of its list NOTIFYs decides: a list subscription's NOTIFY
   * count, document version and the time of its last NOTIFY. Member changes merge into NOTIFYs as
   * the wall clock lets them (§4.8), which a replay of the logs does not have, so a rebuild is
   * compared without them.
   */
  public static ResourceState withoutNotifyPace(ResourceState state) {
    ResourceState paced = state;
    for (Subscription subscription : state.subscriptions()) {
      if (isListSubscription(state.resource(), subscription)) {
        Map<String, String> kept = new HashMap<>(subscription.attributes());
        kept.remove(NOTIFIED_AT);
        kept.remove(FULL_STATE_DUE);
        paced = paced.withSubscription(subscription.toBuilder().notifyCseq(0).documentVersion(0).attributes(kept)
            .build());
      }
    }
    return paced;
  }

  /** A member's record without whether it still waits to be sent, which the pace decides too. */
  public static ListMemberRecord withoutNotifyPace(ListMemberRecord record) {
    return ListMemberRecord.newBuilder(record).setUnsent(false).build();
  }

  /** The key under which {@link #flush} is scheduled: resource and subscription. */
  public static String dueKey(String resource, String subscriptionId) {
    return resource + SEPARATOR + subscriptionId;
  }

  /** The resource and subscription of a {@link #dueKey}. */
  public static String[] fromDueKey(String key) {
    int at = key.indexOf(SEPARATOR);
    return new String[] {key.substring(0, at), key.substring(at + 1)};
  }

  /** Schedules again, after a restart, every subscription that owes its subscriber a NOTIFY. */
  public void recover(String resource, ResourceState state, long nowMs) {
    for (Subscription subscription : state.subscriptions()) {
      if ("1".equals(subscription.attributes().get(FULL_STATE_DUE))) {
        schedule.accept(nowMs, dueKey(resource, subscription.id()));
      }
    }
  }

  /** Schedules again, after a restart, every subscription with member changes it has not sent. */
  public void recoverUnsent(long nowMs) {
    Set<String> due = new HashSet<>();
    try (KeyValueIterator<String, ListMemberRecord> all = members.all()) {
      while (all.hasNext()) {
        KeyValue<String, ListMemberRecord> next = all.next();
        if (next.value.getUnsent()) {
          due.add(next.key.substring(0, next.key.lastIndexOf(SEPARATOR)));
        }
      }
    }
    due.forEach(key -> schedule.accept(nowMs, key));
  }

  /** New subscriptions of a list resource's own package are list subscriptions: a plain SUBSCRIBE got 421. */
  private static ResourceState marked(String resource, ResourceState before, ResourceState after) {
    ResourceState marked = after;
    Set<String> existed = ids(before);
    for (Subscription subscription : after.subscriptions()) {
      if (subscription.event().equals(ResourceKeys.packageOf(resource)) && !existed.contains(subscription.id())
          && !subscription.attributes().containsKey(LIST_SUBSCRIPTION)) {
        marked = marked.withSubscription(subscription.withAttribute(LIST_SUBSCRIPTION, "1"));
      }
    }
    return marked;
  }

  private Effects listChanged(ResourceState state, Decision taken, AdminCommand command, long nowMs,
      List<RequestEvent> requests) {
    ListTreeRecord old = trees.get(state.resource());
    Optional<ListTreeRecord> fresh = Optional.ofNullable(command.getArgs().get(ListWatches.ARG_TREE))
        .flatMap(ListTrees::fromJson);
    if (fresh.isPresent() ? old != null && sameLists(fresh.get(), old) : old == null) {
      // The admin API and the list topic both bring each change, and a list may be put again unchanged.
      return Effects.answer(state, taken);
    }
    Set<String> oldMembers = old == null ? Set.of() : ListTree.of(old).resources();
    List<Subscription> live = state.subscriptions().stream()
        .filter(s -> isListSubscription(state.resource(), s) && !ownsList(s) && !s.expiredAt(nowMs)).toList();
    if (fresh.isEmpty()) {
      trees.delete(state.resource());
      listResources.remove(state.resource());
      List<NotifyCommand> out = new ArrayList<>();
      ResourceState current = state;
      for (Subscription subscription : live) {
        // RFC 6665 §4.2.2: the resource no longer exists.
        Subscription last = subscription.notified();
        out.add(notifies.notify(current, last, "terminated;reason=noresource", Content.NONE, nowMs));
        current = current.withoutSubscription(subscription.id());
        endBackEnd(state.resource(), subscription, oldMembers, nowMs, requests);
      }
      return new Effects(current, taken, out, false);
    }
    trees.put(state.resource(), fresh.get());
    listResources.add(state.resource());
    Set<String> newMembers = ListTree.of(fresh.get()).resources();
    ResourceState current = state;
    List<NotifyCommand> out = new ArrayList<>();
    for (Subscription plain : state.subscriptions()) {
      if (plain.event().equals(ResourceKeys.packageOf(state.resource())) && !isListSubscription(state.resource(), plain)
          && !plain.expiredAt(nowMs)) {
        // A plain subscription to an address that became a list: its subscriber tries again at once (RFC 6665
        // §4.2.2) and learns that it needs eventlist (RFC 4662 §4.1).
        out.add(notifies.notify(current, plain.notified(), "terminated;reason=deactivated", Content.NONE, nowMs));
        current = current.withoutSubscription(plain.id());
      }
    }
    for (Subscription subscription : live) {
      for (String member : oldMembers) {
        if (!newMembers.contains(member)) {
          requests.add(ListWatches.subscribe(state.resource(), subscription, member, 0,
              subscription.remoteCseq() + 1, nowMs));
          members.delete(memberKey(state.resource(), subscription.id(), member));
        }
      }
      for (String member : newMembers) {
        if (!oldMembers.contains(member)) {
          requests.add(ListWatches.subscribe(state.resource(), subscription, member,
              backEndExpires(subscription, nowMs), subscription.remoteCseq(), nowMs));
        }
      }
      Subscription owing = subscription.withAttribute(FULL_STATE_DUE, "1");
      current = current.withSubscription(owing);
      Effects sent = notifyOrSchedule(current, owing, nowMs);
      current = sent.state();
      out.addAll(sent.notifies());
    }
    return new Effects(current, taken, out, false);
  }

  private Effects memberReported(ResourceState state, Decision taken, ListWatches.MemberReport report, long nowMs) {
    Optional<Subscription> found = state.subscription(report.listSubscriptionId())
        .filter(s -> isListSubscription(state.resource(), s) && !s.expiredAt(nowMs));
    ListTree tree = found.map(s -> treeOf(state.resource(), s)).orElse(null);
    if (tree == null || !tree.resources().contains(report.member())) {
      // A report that crossed the end of its subscription, or the member's removal from the list.
      return Effects.answer(state, taken);
    }
    String key = memberKey(state.resource(), report.listSubscriptionId(), report.member());
    ListMemberRecord old = members.get(key);
    if (old != null && old.getNotifyCseq() >= report.cseq()) {
      return Effects.answer(state, taken);
    }
    boolean same = old != null && sameState(old, report);
    members.put(key, ListMemberRecord.newBuilder()
        .setMember(report.member())
        .setSubscriptionState(report.subscriptionState())
        .setContentType(report.contentType())
        .setBody(report.body() == null ? null : ByteBuffer.wrap(report.body()))
        .setNotifyCseq(report.cseq())
        .setUnsent(same ? old.getUnsent() : true)
        .build());
    if (same) {
      return Effects.answer(state, taken);
    }
    Effects sent = notifyOrSchedule(state, found.get(), nowMs);
    return new Effects(sent.state(), taken, sent.notifies(), false);
  }

  /** Sends what the subscription owes now if its interval has passed, else schedules it for when it has. */
  private Effects notifyOrSchedule(ResourceState state, Subscription subscription, long nowMs) {
    long last = Long.parseLong(subscription.attributes().getOrDefault(NOTIFIED_AT, "0"));
    long dueAt = last + settings.notifyInterval().toMillis();
    if (dueAt <= nowMs) {
      return flush(state, subscription.id(), nowMs);
    }
    schedule.accept(dueAt, dueKey(state.resource(), subscription.id()));
    return Effects.none(state);
  }

  private void backEnd(String resource, ResourceState before, ResourceState after, long nowMs,
      List<RequestEvent> requests) {
    Map<String, Long> expiries = new HashMap<>();
    before.subscriptions().forEach(then -> expiries.put(then.id(), then.expiresAtMs()));
    for (Subscription now : after.subscriptions()) {
      Long then = expiries.get(now.id());
      if (!isListSubscription(resource, now) || then != null && then == now.expiresAtMs()) {
        continue;
      }
      ListTree tree = treeOf(resource, now);
      for (String member : tree == null ? Set.<String>of() : tree.resources()) {
        requests.add(ListWatches.subscribe(resource, now, member, backEndExpires(now, nowMs), now.remoteCseq(), nowMs));
      }
    }
    Set<String> remaining = ids(after);
    for (Subscription then : before.subscriptions()) {
      ListTree tree = isListSubscription(resource, then) && !remaining.contains(then.id()) ? treeOf(resource, then)
          : null;
      if (tree != null) {
        endBackEnd(resource, then, tree.resources(), nowMs, requests);
        if (ownsList(then)) {
          // RFC 5367 §6: a list made for a subscription lives as long as the subscription.
          trees.delete(ownListKey(resource, then.id()));
          ownLists.computeIfPresent(resource, (key, count) -> count > 1 ? count - 1 : null);
        }
      }
    }
  }

  private static Set<String> ids(ResourceState state) {
    Set<String> ids = new HashSet<>();
    state.subscriptions().forEach(subscription -> ids.add(subscription.id()));
    return ids;
  }

  /** The tree {@code subscription} serves: its own list, or the operator's list of the resource; null if none. */
  private ListTree treeOf(String resource, Subscription subscription) {
    ListTreeRecord record = trees.get(ownsList(subscription) ? ownListKey(resource, subscription.id()) : resource);
    return record == null ? null : ListTree.of(record);
  }

  static boolean ownsList(Subscription subscription) {
    return subscription.attributes().containsKey(OWN_LIST);
  }


  /** Whether {@code notify} belongs to a subscription that serves its own list, live or just ended. */
  private static boolean ownsList(ResourceState before, ResourceState after, NotifyCommand notify) {
    return after.subscription(notify.getSubscriptionId()).or(() -> before.subscription(notify.getSubscriptionId()))
        .filter(ListServer::ownsList).isPresent();
  }

  /** Where the list a subscription brought is kept: apart from the operator's lists, which are keyed by resource. */
  static String ownListKey(String resource, String subscriptionId) {
    return resource + SEPARATOR + subscriptionId;
  }

  private void endBackEnd(String resource, Subscription subscription, Set<String> resources, long nowMs,
      List<RequestEvent> requests) {
    for (String member : resources) {
      requests.add(ListWatches.subscribe(resource, subscription, member, 0, subscription.remoteCseq() + 1, nowMs));
      members.delete(memberKey(resource, subscription.id(), member));
    }
  }

  /**
   * A back-end subscription outlives its list subscription's granted time, so a member's own expiry
   * (shortened by the expiry spread) never ends it first; the list's refresh or end renews or ends it.
   */
  private static int backEndExpires(Subscription subscription, long nowMs) {
    return (int) Math.min(Integer.MAX_VALUE, 2 * subscription.secondsLeft(nowMs) + 60);
  }

  /**
   * The bodies of documents {@code version} on: one, unless the members' states together exceed
   * {@link ListSettings#maxBodyBytes()}. Then the first carries what fits (as full state, the others
   * listed without instances: their state is not known to it, §4.5) and partial documents right
   * after carry the rest, so that no NOTIFY outgrows what its transport takes (a UDP datagram
   * carries at most 65,507 bytes).
   */
  private List<Content> bodies(String resource, ListTree tree, String subscriptionId, long version, boolean full,
      Set<String> changed) {
    Map<String, ListNotifyBody.MemberState> states = new HashMap<>();
    try (KeyValueIterator<String, ListMemberRecord> found = members.prefixScan(prefix(resource, subscriptionId), KEYS)) {
      while (found.hasNext()) {
        ListMemberRecord record = found.next().value;
        states.put(record.getMember(), new ListNotifyBody.MemberState(record.getSubscriptionState(),
            record.getContentType(), record.getBody() == null ? null : bytes(record.getBody())));
      }
    }
    List<List<String>> chunks = chunks(tree.resources().stream()
        .filter(member -> full ? states.containsKey(member) : changed.contains(member)).toList(), states);
    List<Content> contents = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      Set<String> chunk = new HashSet<>(chunks.get(i));
      MultipartRelated.Body body = full && i == 0
          ? ListNotifyBody.write(tree, restricted(states, chunk), version, true, Set.of(), settings.contentIdHost())
          : ListNotifyBody.write(tree, states, version + i, false, chunk, settings.contentIdHost());
      // RFC 4662 §4.1: every NOTIFY of a list subscription requires eventlist.
      contents.add(new Content(body.contentType(), body.bytes(), List.of(new Header("Require", "eventlist"))));
    }
    return contents;
  }

  /** {@code members} in runs whose states fit in one body each; at least one run, maybe empty. */
  private List<List<String>> chunks(List<String> members, Map<String, ListNotifyBody.MemberState> states) {
    List<List<String>> chunks = new ArrayList<>();
    List<String> current = new ArrayList<>();
    long size = RLMI_ALLOWANCE;
    for (String member : members) {
      ListNotifyBody.MemberState state = states.get(member);
      long cost = PER_MEMBER_ALLOWANCE + member.length() + (state == null || state.body() == null ? 0 : state.body().length);
      if (!current.isEmpty() && size + cost > settings.maxBodyBytes()) {
        chunks.add(current);
        current = new ArrayList<>();
        size = RLMI_ALLOWANCE;
      }
      current.add(member);
      size += cost;
    }
    chunks.add(current);
    return chunks;
  }

  private static Map<String, ListNotifyBody.MemberState> restricted(Map<String, ListNotifyBody.MemberState> states,
      Set<String> kept) {
    Map<String, ListNotifyBody.MemberState> restricted = new HashMap<>(states);
    restricted.keySet().retainAll(kept);
    return restricted;
  }

  private Set<String> unsent(String resource, String subscriptionId) {
    Set<String> changed = new LinkedHashSet<>();
    try (KeyValueIterator<String, ListMemberRecord> found = members.prefixScan(prefix(resource, subscriptionId), KEYS)) {
      while (found.hasNext()) {
        ListMemberRecord record = found.next().value;
        if (record.getUnsent()) {
          changed.add(record.getMember());
        }
      }
    }
    return changed;
  }

  private void markSent(String resource, String subscriptionId) {
    List<KeyValue<String, ListMemberRecord>> sent = new ArrayList<>();
    try (KeyValueIterator<String, ListMemberRecord> found = members.prefixScan(prefix(resource, subscriptionId), KEYS)) {
      while (found.hasNext()) {
        KeyValue<String, ListMemberRecord> next = found.next();
        if (next.value.getUnsent()) {
          sent.add(KeyValue.pair(next.key, ListMemberRecord.newBuilder(next.value).setUnsent(false).build()));
        }
      }
    }
    members.putAll(sent);
  }

  /** Whether {@code subscription} of a list resource is a list subscription; a winfo one, or one from before the list, is not. */
  static boolean isListSubscription(String resource, Subscription subscription) {
    return subscription.event().equals(ResourceKeys.packageOf(resource))
        && subscription.attributes().containsKey(LIST_SUBSCRIPTION);
  }

  /** Whether two trees hold the same lists, whenever each was written. */
  private static boolean sameLists(ListTreeRecord one, ListTreeRecord other) {
    return withoutTimes(one).equals(withoutTimes(other));
  }

  private static ListTreeRecord withoutTimes(ListTreeRecord tree) {
    return ListTreeRecord.newBuilder(tree).setLists(tree.getLists().stream()
        .map(list -> ResourceList.newBuilder(list).setUpdatedAtMs(0).build()).toList()).build();
  }

  /** Whether a report says what the record says: same state (expires aside), same document. */
  private static boolean sameState(ListMemberRecord record, ListWatches.MemberReport report) {
    return stateToken(record.getSubscriptionState()).equals(stateToken(report.subscriptionState()))
        && java.util.Objects.equals(record.getContentType(), report.contentType())
        && Arrays.equals(record.getBody() == null ? null : bytes(record.getBody()), report.body());
  }

  /** Subscription-State without its expires parameter, which changes with every NOTIFY. */
  private static String stateToken(String subscriptionState) {
    StringBuilder kept = new StringBuilder();
    for (String part : subscriptionState.toLowerCase(Locale.ROOT).split(";")) {
      if (!part.strip().startsWith("expires")) {
        kept.append(part.strip()).append(';');
      }
    }
    return kept.toString();
  }

  private static NotifyCommand withContent(NotifyCommand notify, Content content) {
    List<Header> headers = new ArrayList<>(notify.getExtraHeaders());
    headers.addAll(content.headers());
    return NotifyCommand.newBuilder(notify).setContentType(content.contentType())
        .setBody(ByteBuffer.wrap(content.body())).setExtraHeaders(headers).build();
  }

  static String memberKey(String resource, String subscriptionId, String member) {
    return prefix(resource, subscriptionId) + member;
  }

  private static String prefix(String resource, String subscriptionId) {
    return resource + SEPARATOR + subscriptionId + SEPARATOR;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
