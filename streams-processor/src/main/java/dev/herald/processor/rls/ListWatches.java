package dev.herald.processor.rls;

import dev.herald.avro.AdminCommand;
import dev.herald.avro.ListWatch;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import dev.herald.packages.state.Subscription;
import dev.herald.schemas.ResourceKeys;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The back-end subscriptions of resource lists (RFC 4662 §2; under the subscriber's identity, §7.1.1) as requests on herald.requests: a
 * list resource subscribes its subscription to each member resource, and each member resource
 * sends what it would have notified back to the list resource, keyed by it, so both sides stay
 * one-writer paths and a replay of the log gives the same lists.
 */
public final class ListWatches {

  /** Attribute of a member's back-end subscription: the list resource it reports to. */
  public static final String LIST_RESOURCE = "rls.list";
  /** Attribute of a member's back-end subscription: the list subscription it belongs to. */
  public static final String LIST_SUBSCRIPTION = "rls.subscription";
  /** The local tag of every back-end subscription; its id comes from the list subscription's. */
  public static final String LOCAL_TAG = "rls";

  /** The command that brings a member's state to its list resource. */
  public static final String MEMBER_STATE = "rls-member-state";
  /** The command that brings a list's new tree (or its deletion) to its list resource. */
  public static final String LIST_CHANGED = "rls-list-changed";

  static final String ARG_SUBSCRIPTION = "subscription";
  public static final String ARG_MEMBER = "member";
  public static final String ARG_STATE = "subscription-state";
  static final String ARG_CONTENT_TYPE = "content-type";
  static final String ARG_BODY = "body";
  static final String ARG_CSEQ = "cseq";
  static final String ARG_TREE = "tree";

  private static final String ID_PREFIX = "rls;";
  private static final String OPERATOR = "resource-list-server";

  private ListWatches() {}

  /** The id of the back-end subscription of {@code listSubscriptionId} at a member. */
  public static String idOf(String listSubscriptionId) {
    return ID_PREFIX + listSubscriptionId;
  }

  /** Whether {@code subscription} is a list's back-end subscription. */
  public static boolean isListWatch(Subscription subscription) {
    return subscription.id().startsWith(ID_PREFIX);
  }

  /** Whether {@code notify} is one a list's back-end subscription would send. */
  public static boolean isListWatch(NotifyCommand notify) {
    return notify.getSubscriptionId().startsWith(ID_PREFIX);
  }

  /**
   * A SUBSCRIBE of {@code listSubscription} (on {@code listResource}) to {@code member} of package
   * {@code pkg}: initial or refresh for {@code expires} seconds, an unsubscribe for 0. The request id
   * is derived from what it does, so the same change read twice is decided once.
   */
  public static RequestEvent subscribe(String listResource, Subscription listSubscription, String member,
      int expires, long cseq, long nowMs) {
    String memberResource = ResourceKeys.of(ResourceKeys.packageOf(listResource), member);
    Subscribe subscribe = Subscribe.newBuilder()
        .setEvent(listSubscription.event())
        .setEventId(null)
        .setCallId(listSubscription.id())
        .setFromUri(listSubscription.watcherUri())
        .setFromTag(LOCAL_TAG)
        .setToUri(member)
        .setToTag(null)
        .setCseq(cseq)
        .setContact(ResourceKeys.uriOf(listResource))
        .setAccept(listSubscription.accept().stream().filter(a -> !a.toLowerCase().startsWith("multipart/")
            && !a.toLowerCase().equals("application/rlmi+xml")).toList())
        .setExpires(expires)
        .setTransport("udp")
        .setSourceHost("0.0.0.0")
        .setSourcePort(0)
        .setAssertedIdentity(listSubscription.watcherIdentity())
        .setListWatch(new ListWatch(listResource, listSubscription.id()))
        .build();
    return RequestEvent.newBuilder()
        .setRequestId("rls-watch|" + listSubscription.id() + "|" + member + "|" + cseq + "|" + expires)
        .setResource(memberResource)
        .setReplyPartition(-1)
        .setReceivedAtMs(nowMs)
        .setPayload(subscribe)
        .build();
  }

  /**
   * What {@code notify} of a back-end subscription of {@code memberResource} tells its list resource:
   * its dialog's Call-ID is the list subscription's id, its target the list's URI.
   */
  public static RequestEvent memberState(String memberResource, NotifyCommand notify, long nowMs) {
    Map<String, String> args = new HashMap<>();
    args.put(ARG_SUBSCRIPTION, notify.getCallId());
    args.put(ARG_MEMBER, ResourceKeys.uriOf(memberResource));
    args.put(ARG_STATE, notify.getSubscriptionState());
    args.put(ARG_CSEQ, Long.toString(notify.getCseq()));
    if (notify.getBody() != null && notify.getContentType() != null) {
      args.put(ARG_CONTENT_TYPE, notify.getContentType());
      byte[] body = new byte[notify.getBody().remaining()];
      notify.getBody().duplicate().get(body);
      args.put(ARG_BODY, Base64.getEncoder().encodeToString(body));
    }
    return RequestEvent.newBuilder()
        .setRequestId("rls-state|" + notify.getSubscriptionId() + "|" + memberResource + "|" + notify.getCseq())
        .setResource(ResourceKeys.of(ResourceKeys.packageOf(memberResource), notify.getRequestUri()))
        .setReplyPartition(-1)
        .setReceivedAtMs(nowMs)
        .setPayload(new AdminCommand(MEMBER_STATE, args, OPERATOR))
        .build();
  }

  /** A member's report as the list side reads it, if the command is one. */
  static Optional<MemberReport> report(AdminCommand command) {
    Map<String, String> args = command.getArgs();
    if (!MEMBER_STATE.equals(command.getCommand()) || args.get(ARG_SUBSCRIPTION) == null
        || args.get(ARG_MEMBER) == null || args.get(ARG_STATE) == null) {
      return Optional.empty();
    }
    long cseq;
    byte[] body;
    try {
      cseq = Long.parseLong(args.getOrDefault(ARG_CSEQ, "0"));
      body = args.get(ARG_BODY) == null ? null : Base64.getDecoder().decode(args.get(ARG_BODY));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(new MemberReport(args.get(ARG_SUBSCRIPTION), args.get(ARG_MEMBER), args.get(ARG_STATE),
        body == null ? null : args.get(ARG_CONTENT_TYPE), body, cseq));
  }

  /** One back-end NOTIFY as the list resource takes it. */
  record MemberReport(String listSubscriptionId, String member, String subscriptionState, String contentType,
      byte[] body, long cseq) {}

}
