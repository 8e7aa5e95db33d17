package dev.herald.processor.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.herald.avro.ListEntry;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.ResourceList;
import dev.herald.common.HttpReply;
import dev.herald.common.Json;
import dev.herald.common.kafka.TopicCache;
import dev.herald.packages.rls.ListLimits;
import dev.herald.packages.rls.ListMember;
import dev.herald.packages.rls.ListParse;
import dev.herald.packages.rls.ListRules;
import dev.herald.packages.rls.ResourceListDocument;
import dev.herald.processor.rls.ListChanges;
import dev.herald.schemas.ResourceKeys;
import dev.herald.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The admin API of resource lists (RFC 4826), under {@value #PATH}:
 * <ul>
 *   <li>{@code GET /api/lists/{uri}}: the list as JSON ({@link ListJson}), or as a resource-lists
 *       document when the Accept header asks for {@value ResourceListDocument#CONTENT_TYPE}; 404 if none</li>
 *   <li>{@code PUT /api/lists/{uri}}: replaces the list with a resource-lists document; 201 when new,
 *       200 when replaced, 400 with the reason for a bad document, a loop or a limit exceeded</li>
 *   <li>{@code DELETE /api/lists/{uri}}: removes the list (a tombstone); 204, 404 if none</li>
 *   <li>{@code POST /api/lists/{uri}/members}: adds one member ({@link MemberInput}), creating the list</li>
 *   <li>{@code DELETE /api/lists/{uri}/members/{member}}: removes one member; 404 if it is none</li>
 * </ul>
 * A change is answered once the list topic's cache has read it back, so the next request through
 * this instance sees it, and once the list resources it changes have their new trees on
 * herald.requests ({@link ListChanges}), so a SUBSCRIBE sent after the answer finds them served. Changes through one instance are serialised; two admin ports changing the
 * same list at once race, and the last record wins.
 */
public final class ListsApi implements HttpHandler {

  public static final String PATH = "/api/lists";
  static final int MAX_BODY_BYTES = 1 << 20;
  private static final long SEND_TIMEOUT_MS = 10_000;
  private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(10);

  private final Producer<String, ResourceList> producer;
  private final Producer<String, RequestEvent> requests;
  private final Set<String> listPackages;
  private final TopicCache<String, ResourceList> lists;
  private final ListLimits limits;
  private final Clock clock;

  /** A list as the API shows it. */
  public record ListJson(String uri, String name, List<MemberJson> entries) {
    public ListJson {
      Objects.requireNonNull(uri, "uri");
      entries = entries == null ? List.of() : List.copyOf(entries);
    }

    static ListJson of(ResourceList list) {
      return new ListJson(list.getUri(), list.getName(),
          list.getEntries().stream().map(e -> new MemberJson(e.getUri(), e.getDisplayName())).toList());
    }
  }

  /** One member as the API shows it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MemberJson(String uri, String displayName) {
    public MemberJson {
      Objects.requireNonNull(uri, "uri");
    }
  }

  /** The body of {@code POST …/members}: a member to add, its URI not yet normalised. */
  public record MemberInput(String uri, String displayName) {}

  /**
   * @param producer writes {@link Topics#RESOURCE_LISTS}; its serializers are the topic's serdes
   * @param requests writes {@link Topics#REQUESTS}
   * @param listPackages the packages whose list resources a change reaches
   * @param lists the topic read whole, started
   */
  public ListsApi(Producer<String, ResourceList> producer, Producer<String, RequestEvent> requests,
      Set<String> listPackages, TopicCache<String, ResourceList> lists, ListLimits limits, Clock clock) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.requests = Objects.requireNonNull(requests, "requests");
    this.listPackages = Set.copyOf(listPackages);
    this.lists = Objects.requireNonNull(lists, "lists");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    HttpReply.serve(exchange, "lists API", this::route);
  }

  private HttpReply route(HttpExchange exchange) throws Exception {
    return UriRoute.route(exchange, PATH, "uri", (uri, parts) -> {
      String method = exchange.getRequestMethod();
      if (parts.length == 1) {
        return switch (method) {
          case "GET" -> show(uri, exchange.getRequestHeaders().getFirst("Accept"));
          case "PUT" -> replace(uri, exchange);
          case "DELETE" -> delete(uri);
          default -> notAllowed("GET, PUT, DELETE");
        };
      }
      if (!parts[1].equals("members") || parts.length > 3) {
        return error(404, "use " + PATH + "/{uri}/members or " + PATH + "/{uri}/members/{member}");
      }
      if (parts.length == 2) {
        return method.equals("POST") ? addMember(uri, exchange) : notAllowed("POST");
      }
      return method.equals("DELETE") ? removeMember(uri, parts[2]) : notAllowed("DELETE");
    });
  }

  private HttpReply show(String uri, String accept) {
    Optional<ResourceList> list = lists.get(uri);
    if (list.isEmpty()) {
      return error(404, "no list " + uri);
    }
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains(ResourceListDocument.CONTENT_TYPE)) {
      return new HttpReply(200, ResourceListDocument.CONTENT_TYPE,
          ResourceListDocument.toXml(list.get().getName(), members(list.get())), null);
    }
    return HttpReply.json(200, ListJson.of(list.get()));
  }

  private HttpReply replace(String uri, HttpExchange exchange) throws Exception {
    Optional<byte[]> body = HttpReply.body(exchange, MAX_BODY_BYTES);
    if (body.isEmpty()) {
      return error(413, "a list document is at most " + MAX_BODY_BYTES + " bytes");
    }
    ListParse parsed = ResourceListDocument.parse(body.get());
    if (parsed instanceof ListParse.Refused refused) {
      return error(400, refused.reason());
    }
    ListParse.Parsed list = (ListParse.Parsed) parsed;
    synchronized (this) {
      return write(uri, list.name(), list.entries());
    }
  }

  private HttpReply addMember(String uri, HttpExchange exchange) throws Exception {
    Optional<byte[]> body = HttpReply.body(exchange, MAX_BODY_BYTES);
    if (body.isEmpty()) {
      return error(413, "a member is at most " + MAX_BODY_BYTES + " bytes");
    }
    ListMember member;
    try {
      MemberInput input = Json.read(new String(body.get(), StandardCharsets.UTF_8), MemberInput.class);
      member = ListMember.of(input.uri(), input.displayName());
    } catch (UncheckedIOException | IllegalArgumentException e) {
      return error(400, e.getMessage());
    }
    synchronized (this) {
      Optional<ResourceList> current = lists.get(uri);
      List<ListMember> members = new ArrayList<>(current.map(ListsApi::members).orElse(List.of()));
      members.removeIf(m -> m.uri().equals(member.uri()));
      members.add(member);
      return write(uri, current.map(ResourceList::getName).orElse(null), members);
    }
  }

  private HttpReply removeMember(String uri, String rawMember) throws Exception {
    Optional<String> member = ResourceKeys.normaliseUri(rawMember);
    if (member.isEmpty()) {
      return error(400, "'" + rawMember + "' is not a sip:, sips: or tel: URI");
    }
    synchronized (this) {
      Optional<ResourceList> current = lists.get(uri);
      if (current.isEmpty()) {
        return error(404, "no list " + uri);
      }
      List<ListMember> members = new ArrayList<>(members(current.get()));
      if (!members.removeIf(m -> m.uri().equals(member.get()))) {
        return error(404, uri + " has no member " + member.get());
      }
      return write(uri, current.get().getName(), members);
    }
  }

  private HttpReply delete(String uri) throws Exception {
    synchronized (this) {
      if (lists.get(uri).isEmpty()) {
        return error(404, "no list " + uri);
      }
      return produce(uri, null).orElseGet(() -> HttpReply.empty(204));
    }
  }

  /** Checks the list against the others and the limits, writes it and waits to read it back. */
  private HttpReply write(String uri, String name, List<ListMember> members) throws Exception {
    Map<String, List<String>> known = new HashMap<>();
    lists.snapshot().forEach((key, list) -> known.put(key, list.getEntries().stream().map(ListEntry::getUri).toList()));
    Optional<String> refused = ListRules.check(known, uri, members.stream().map(ListMember::uri).toList(), limits);
    if (refused.isPresent()) {
      return error(400, refused.get());
    }
    boolean existed = known.containsKey(uri);
    ResourceList list = new ResourceList(uri, name,
        members.stream().map(m -> new ListEntry(m.uri(), m.displayName())).toList(), clock.millis());
    return produce(uri, list).orElseGet(() -> HttpReply.json(existed ? 200 : 201, ListJson.of(list)));
  }

  /**
   * Writes {@code list} (null: a tombstone) and the requests of the list resources it changes; an
   * error answer if it is not read back in time.
   */
  private Optional<HttpReply> produce(String uri, ResourceList list)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<String, ResourceList> before = lists.snapshot();
    RecordMetadata written = producer.send(new ProducerRecord<>(Topics.RESOURCE_LISTS.name(), uri, list))
        .get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    if (!lists.awaitRead(written.partition(), written.offset(), READ_BACK_TIMEOUT)) {
      return Optional.of(error(503, "the change of " + uri + " was written but not read back within "
          + READ_BACK_TIMEOUT.toSeconds() + " s"));
    }
    String origin = "api/" + written.topic() + "/" + written.partition() + "/" + written.offset();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (RequestEvent request : ListChanges.requests(before, lists.snapshot(), uri, listPackages, origin,
        clock.millis())) {
      sent.add(requests.send(new ProducerRecord<>(Topics.REQUESTS.name(), request.getResource(), request)));
    }
    for (Future<RecordMetadata> each : sent) {
      each.get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
    return Optional.empty();
  }

  private static List<ListMember> members(ResourceList list) {
    return list.getEntries().stream().map(e -> new ListMember(e.getUri(), e.getDisplayName())).toList();
  }

  private static HttpReply error(int status, String reason) {
    return UriRoute.error(status, reason);
  }

  private static HttpReply notAllowed(String allow) {
    return UriRoute.notAllowed(allow);
  }
}
