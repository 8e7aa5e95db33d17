package dev.herald.processor.audit;

import dev.herald.avro.AdminCommand;
import dev.herald.avro.Binding;
import dev.herald.avro.Decision;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.Publish;
import dev.herald.avro.Registration;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import dev.herald.processor.rls.ListWatches;
import dev.herald.schemas.ResourceKeys;
import dev.herald.schemas.Topics;
import dev.herald.schemas.TopicSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * The history of one resource from the logs: who subscribed, published, registered or reset it and
 * what they were answered (herald.requests, herald.replies), which NOTIFYs went out and how each
 * ended (herald.notify-outcomes). A NOTIFY leaves one of three ways: after the answer, carried in
 * the decision on herald.replies (the first NOTIFY of a SUBSCRIBE); from the edge holding the
 * subscriber's flow (herald.edge-notifications); or from any notifier (herald.notifications).
 * Each log keeps its own retention, so answers older than an hour (and the first NOTIFYs they
 * carried) and NOTIFYs older than a day are no longer there.
 */
public final class ResourceHistory {

  /** One line of the history. */
  public record Entry(long atMs, String kind, String party, String detail, String answer) {}

  private ResourceHistory() {}

  /** The history of {@code resource} since {@code sinceMs}, oldest first. */
  public static List<Entry> read(Map<String, Object> kafka, String resource, long sinceMs, Duration timeout) {
    byte[] key = resource.getBytes(StandardCharsets.UTF_8);
    // Resource-keyed logs hold a resource in one partition, the producer's choice by key.
    Set<Integer> own = Set.of(BuiltInPartitioner.partitionForKey(key, Topics.REQUESTS.partitions()));
    List<Stamped<RequestEvent>> requests = new ArrayList<>();
    TopicSnapshot.scan(kafka, Topics.REQUESTS, own, sinceMs, timeout, record -> {
      if (resource.equals(record.key()) && record.value() != null) {
        requests.add(new Stamped<>(record.timestamp(), record.value()));
      }
    });
    TopicSnapshot.scan(kafka, Topics.NOTIFY_OUTCOMES, own, sinceMs, timeout, record -> {
      if (resource.equals(record.key()) && record.value() != null) {
        requests.add(new Stamped<>(record.timestamp(), record.value()));
      }
    });
    Set<String> asked = requests.stream().map(r -> r.value().getRequestId()).collect(Collectors.toCollection(HashSet::new));
    Map<String, Decision> decisions = new HashMap<>();
    TopicSnapshot.scan(kafka, Topics.REPLIES, null, sinceMs, timeout, record -> {
      if (asked.contains(record.key()) && record.value() != null) {
        decisions.put(record.key(), record.value());
      }
    });
    List<NotifyCommand> notifies = new ArrayList<>();
    for (var topic : List.of(Topics.EDGE_NOTIFICATIONS, Topics.NOTIFICATIONS)) {
      TopicSnapshot.scan(kafka, topic, null, sinceMs, timeout, record -> {
        if (record.value() != null && resource.equals(record.value().getResource())) {
          notifies.add(record.value());
        }
      });
    }
    return assemble(requests, decisions, notifies);
  }

  /** A value and when its log took it. */
  record Stamped<V>(long atMs, V value) {}

  /**
   * One timeline of {@code requests} with their {@code decisions} (by request id), the NOTIFYs those
   * decisions carried, and the NOTIFYs of the notification logs. A NOTIFY is shown once, however many
   * of these hold it: a decision sent again for a retransmission carries the same NOTIFY, and one
   * sent to nobody's edge went to a log instead.
   */
  static List<Entry> assemble(List<Stamped<RequestEvent>> requests, Map<String, Decision> decisions,
      List<NotifyCommand> notifies) {
    List<Entry> entries = new ArrayList<>();
    Set<String> shown = new HashSet<>();
    for (Stamped<RequestEvent> request : requests) {
      Decision decision = decisions.get(request.value().getRequestId());
      entries.add(entry(request.atMs(), request.value(), decision));
      if (decision != null) {
        for (NotifyCommand notify : decision.getNotifies()) {
          if (request.value().getResource().equals(notify.getResource()) && shown.add(identity(notify))) {
            entries.add(notifyEntry(notify, true));
          }
        }
      }
    }
    for (NotifyCommand notify : notifies) {
      if (shown.add(identity(notify))) {
        entries.add(notifyEntry(notify, false));
      }
    }
    entries.sort(Comparator.comparingLong(Entry::atMs));
    return entries;
  }

  /** A NOTIFY is its subscription's CSeq: every NOTIFY of a dialog takes the next one. */
  private static String identity(NotifyCommand notify) {
    return notify.getSubscriptionId() + "\n" + notify.getCseq();
  }

  /** {@code afterAnswer}: carried in a decision, so sent by the edge that answered, after its answer. */
  private static Entry notifyEntry(NotifyCommand notify, boolean afterAnswer) {
    return new Entry(notify.getCreatedAtMs(), "NOTIFY", notify.getToUri(),
        notify.getEvent() + ", " + notify.getSubscriptionState() + ", CSeq " + notify.getCseq()
            + (notify.getBody() == null ? ", no body" : ", " + notify.getContentType() + " "
            + notify.getBody().remaining() + " bytes") + ", " + path(notify, afterAnswer), "");
  }

  /** How the NOTIFY leaves: from the edge holding the subscriber's flow, the answering edge, or any notifier. */
  private static String path(NotifyCommand notify, boolean afterAnswer) {
    String to = notify.getDestinationHost() == null ? ""
        : " to " + (notify.getDestinationHost().indexOf(':') >= 0 ? "[" + notify.getDestinationHost() + "]"
            : notify.getDestinationHost()) + ":" + notify.getDestinationPort();
    if (notify.getEdgeInstance() != null) {
      return "via the flow's edge (" + (notify.getEdgeId() != null ? notify.getEdgeId() + ", " : "") + "instance "
          + notify.getEdgeInstance() + ") over " + notify.getTransport() + to + (notify.getFlowOnly() ? ", flow only" : "");
    }
    return (afterAnswer ? "via the answering edge after its answer" : "via any notifier") + " over "
        + notify.getTransport() + to;
  }

  private static Entry entry(long atMs, RequestEvent event, Decision decision) {
    String answer = decision == null ? "" : answer(decision);
    Object payload = event.getPayload();
    if (payload instanceof Subscribe s) {
      String kind = s.getExpires() != null && s.getExpires() == 0 ? "un-SUBSCRIBE"
          : s.getToTag() != null ? "re-SUBSCRIBE" : "SUBSCRIBE";
      String origin = s.getListWatch() != null ? "for the list " + ResourceKeys.uriOf(s.getListWatch().getListResource())
          : "from " + s.getSourceHost() + ":" + s.getSourcePort();
      return new Entry(atMs, kind, identity(s.getAssertedIdentity(), s.getFromUri()),
          s.getEvent() + ", Expires " + s.getExpires() + ", Call-ID " + s.getCallId() + ", " + origin
              + (s.getEventlist() ? ", eventlist" : ""), answer);
    }
    if (payload instanceof Publish p) {
      String body = p.getBody() == null ? "no body" : p.getContentType() + " " + p.getBody().remaining() + " bytes";
      return new Entry(atMs, "PUBLISH", identity(p.getAssertedIdentity(), p.getFromUri()),
          p.getEvent() + ", Expires " + p.getExpires() + (p.getIfMatch() == null ? "" : ", If-Match " + p.getIfMatch())
              + (p.getStandingTag() == null ? "" : ", standing " + p.getStandingTag()) + ", " + body, answer);
    }
    if (payload instanceof Registration r) {
      String contacts = r.getRemoveAll() ? "*" : r.getBindings().stream().map(Binding::getContact)
          .collect(Collectors.joining(" "));
      return new Entry(atMs, "REGISTER", identity(r.getAssertedIdentity(), r.getAor()),
          "Expires " + r.getExpires() + ", Contact " + contacts + ", via " + r.getSource(), answer);
    }
    if (payload instanceof NotifyOutcome o) {
      return new Entry(atMs, "NOTIFY outcome", "", "CSeq " + o.getCseq() + ", "
          + (o.getTimedOut() ? "timed out" : o.getStatusCode() + (o.getReason() == null ? "" : " " + o.getReason())), "");
    }
    if (payload instanceof AdminCommand a) {
      String member = a.getArgs().get(ListWatches.ARG_MEMBER);
      String detail = a.getCommand() + (member == null ? "" : " " + member + " " + a.getArgs().get(ListWatches.ARG_STATE));
      return new Entry(atMs, "ADMIN", a.getOperator() == null ? "" : a.getOperator(), detail, answer);
    }
    return new Entry(atMs, payload.getClass().getSimpleName(), "", "", answer);
  }

  private static String identity(String asserted, String claimed) {
    return asserted != null ? asserted : claimed;
  }

  private static String answer(Decision decision) {
    String headers = decision.getHeaders().stream()
        .filter(h -> h.getName().equalsIgnoreCase("SIP-ETag") || h.getName().equalsIgnoreCase("Expires"))
        .map(h -> h.getName() + " " + h.getValue()).collect(Collectors.joining(", "));
    return decision.getStatusCode() + (decision.getReason() == null ? "" : " " + decision.getReason())
        + (headers.isEmpty() ? "" : " (" + headers + ")");
  }
}
