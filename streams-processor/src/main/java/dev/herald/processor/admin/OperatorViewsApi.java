package dev.herald.processor.admin;

import com.fasterxml.jackson.databind.JavaType;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.herald.common.AdminServer;
import dev.herald.common.HttpReply;
import dev.herald.common.Json;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.state.ResourceState;
import dev.herald.processor.views.Instances;
import dev.herald.processor.views.Page;
import dev.herald.processor.views.ResourceSource;
import dev.herald.processor.views.Stats;
import dev.herald.processor.views.ViewJson;
import dev.herald.processor.views.ViewJson.BindingView;
import dev.herald.processor.views.ViewJson.SubscriptionView;
import dev.herald.schemas.ResourceKeys;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The operator views: what the processor holds, read from its stores by interactive queries across
 * every processor instance, as JSON. All GET, paged with {@code ?limit=} (1..1000, 100 by default)
 * and {@code ?after=} (the {@code next} cursor of the page before):
 *
 * <ul>
 *   <li>{@code /api/presentities?event=presence}: every presentity with publications, from every
 *       instance ({@link ViewJson.PresentitySummary});
 *   <li>{@code /api/presentities/{uri}?event=presence}: the composed document and each publication
 *       with its entity tag, source and expiry ({@link ViewJson.PresentityView});
 *   <li>{@code /api/watchers/{uri}?event=presence}: the subscriptions to it, with state and flow;
 *   <li>{@code /api/subscriptions?watcher=URI[&event=E]}: every subscription a watcher holds;
 *   <li>{@code /api/bindings/{aor}}: the registered contacts of an address of record;
 *   <li>{@code /api/stats}: counts by package and domain ({@link Stats}).
 * </ul>
 *
 * <p>A resource's view is answered by the instance whose task holds it: another instance forwards
 * the request there. Stats and subscriptions by watcher ask every instance and merge. Each route is
 * registered on the {@link AdminServer} like any other, so whatever guards its routes guards these.
 */
public final class OperatorViewsApi implements HttpHandler {

  public static final String PRESENTITIES = "/api/presentities";
  public static final String WATCHERS = "/api/watchers";
  public static final String SUBSCRIPTIONS = "/api/subscriptions";
  public static final String BINDINGS = "/api/bindings";
  public static final String STATS = "/api/stats";
  /** Every path these views serve. */
  public static final List<String> PATHS = List.of(PRESENTITIES, WATCHERS, SUBSCRIPTIONS, BINDINGS, STATS);

  private static final String DEFAULT_EVENT = "presence";
  private static final String BINDINGS_PACKAGE = "presence";

  private final ResourceSource source;
  private final Instances instances;
  private final Map<String, EventPackage<?>> byEvent = new HashMap<>();
  private final Clock clock;
  private final ViewForwarder forwarder;

  /**
   * Views of {@code source}, this instance's resources, among {@code instances}; {@code packages}
   * compose documents and name the resource of each event.
   */
  public OperatorViewsApi(ResourceSource source, Instances instances, List<EventPackage<?>> packages, Clock clock) {
    this.source = source;
    this.instances = instances;
    this.clock = clock;
    this.forwarder = new ViewForwarder(instances.self());
    packages.forEach(p -> p.events().forEach(event -> byEvent.put(event.toLowerCase(Locale.ROOT), p)));
  }

  /** Serves every path of {@link #PATHS} on {@code admin}. */
  public void register(AdminServer admin) {
    PATHS.forEach(path -> admin.route(path, this));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    HttpReply.serve(exchange, "operator views", this::route);
  }

  private HttpReply route(HttpExchange exchange) throws Exception {
    if (!"GET".equals(exchange.getRequestMethod())) {
      return UriRoute.notAllowed("GET");
    }
    Map<String, String> query = query(exchange);
    Page.Request page;
    try {
      page = Page.Request.of(query.get("limit"), query.get("after"));
    } catch (IllegalArgumentException e) {
      return UriRoute.error(400, e.getMessage());
    }
    String path = exchange.getRequestURI().getPath();
    try {
      if (path.equals(STATS)) {
        return stats(exchange);
      }
      if (path.equals(SUBSCRIPTIONS)) {
        return subscriptions(exchange, query, page);
      }
      if (path.equals(PRESENTITIES) || path.equals(PRESENTITIES + "/")) {
        return withPackage(query, pkg -> presentities(exchange, pkg, event(query), page));
      }
      if (path.startsWith(PRESENTITIES)) {
        return UriRoute.route(exchange, PRESENTITIES, "uri", (uri, segments) -> segments.length > 1 ? notFound(path)
            : withPackage(query, pkg -> keyed(exchange, ResourceKeys.of(pkg.name(), uri), state ->
                presentity(pkg, state, page))));
      }
      if (path.startsWith(WATCHERS)) {
        return UriRoute.route(exchange, WATCHERS, "uri", (uri, segments) -> segments.length > 1 ? notFound(path)
            : withPackage(query, pkg -> keyed(exchange, ResourceKeys.of(pkg.name(), uri), state ->
                watchers(state, event(query), page))));
      }
      if (path.startsWith(BINDINGS)) {
        return UriRoute.route(exchange, BINDINGS, "aor", (aor, segments) -> segments.length > 1 ? notFound(path)
            : keyed(exchange, ResourceKeys.of(BINDINGS_PACKAGE, aor), state -> bindings(state, page)));
      }
      return notFound(path);
    } catch (InvalidStateStoreException e) {
      return busy("the processor's stores are moving between instances (" + e.getMessage() + ")");
    }
  }

  /** What a resource route does with the resource's state (empty if nothing is held of it). */
  @FunctionalInterface
  private interface StateAnswer {
    HttpReply answer(ResourceState state) throws Exception;
  }

  /** What a route does with the package of its {@code event}. */
  @FunctionalInterface
  private interface PackageAnswer {
    HttpReply answer(EventPackage<?> pkg) throws Exception;
  }

  private HttpReply withPackage(Map<String, String> query, PackageAnswer answer) throws Exception {
    EventPackage<?> pkg = byEvent.get(event(query));
    if (pkg == null) {
      return UriRoute.error(400, "no event package serves '" + event(query) + "'; these do: "
          + byEvent.keySet().stream().sorted().toList());
    }
    return answer.answer(pkg);
  }

  private static String event(Map<String, String> query) {
    return query.getOrDefault("event", DEFAULT_EVENT).toLowerCase(Locale.ROOT);
  }

  /** Answers from this instance's stores when it holds {@code resource}, else forwards to the one that does. */
  private HttpReply keyed(HttpExchange exchange, String resource, StateAnswer answer) throws Exception {
    Optional<Instances.Owner> owner = instances.ownerOf(resource);
    if (owner.isEmpty()) {
      return busy("no processor instance holds " + resource + " now (a rebalance?)");
    }
    if (owner.get().instance().equals(instances.self())) {
      ResourceState state = source.resource(resource, owner.get().partition());
      return answer.answer(state != null ? state : ResourceState.empty(resource));
    }
    if (forwarded(exchange)) {
      return busy(instances.self() + " does not hold " + resource + "; " + owner.get().instance() + " does");
    }
    return forwarder.get(owner.get().instance(), pathAndQuery(exchange), authorization(exchange));
  }

  /**
   * This instance's part of a scan, and, unless the request was forwarded here, every other
   * instance's, merged; 502 when one gives no answer.
   */
  private <T> HttpReply scan(HttpExchange exchange, T mine, JavaType type, BinaryOperator<T> merge)
      throws InterruptedException, IOException {
    if (forwarded(exchange)) {
      return HttpReply.json(200, mine);
    }
    T all = mine;
    for (String other : instances.all()) {
      if (other.equals(instances.self())) {
        continue;
      }
      HttpReply reply = forwarder.get(other, pathAndQuery(exchange), authorization(exchange));
      if (reply.status() != 200) {
        return reply.status() == 502 ? reply : UriRoute.error(502, "processor instance " + other + " answered "
            + reply.status() + ": " + ViewForwarder.text(reply));
      }
      all = merge.apply(all, Json.mapper().readValue(reply.body(), type));
    }
    return HttpReply.json(200, all);
  }

  private HttpReply stats(HttpExchange exchange) throws InterruptedException, IOException {
    Stats.Tally tally = new Stats.Tally(instances.self(), clock.millis());
    source.eachResource(tally::add);
    return scan(exchange, tally.stats(), Json.mapper().constructType(Stats.class), Stats::plus);
  }

  private HttpReply subscriptions(HttpExchange exchange, Map<String, String> query, Page.Request page)
      throws InterruptedException, IOException {
    String raw = query.get("watcher");
    if (raw == null || raw.isBlank()) {
      return UriRoute.error(400, "use " + SUBSCRIPTIONS + "?watcher=URI");
    }
    Optional<String> watcher = ResourceKeys.normaliseUri(raw);
    if (watcher.isEmpty()) {
      return UriRoute.error(400, "'" + raw + "' is not a sip:, sips: or tel: URI");
    }
    String event = query.get("event") == null ? null : event(query);
    long now = clock.millis();
    List<SubscriptionView> found = new ArrayList<>();
    source.eachResource((resource, state) -> state.subscriptions().forEach(s -> {
      if ((event == null || event.equals(s.event()))
          && (watcher.equals(ResourceKeys.normaliseUri(s.watcherUri()))
              || watcher.equals(ResourceKeys.normaliseUri(s.watcherIdentity())))) {
        found.add(ViewJson.subscription(resource, s, now));
      }
    }));
    Function<SubscriptionView, String> cursor = ViewJson::cursor;
    return scanPages(exchange, Page.of(found, cursor, page), SubscriptionView.class, cursor, page);
  }

  /** A paged scan: this instance's page and, unless forwarded here, every other's, merged into one. */
  private <T> HttpReply scanPages(HttpExchange exchange, Page<T> mine, Class<T> item, Function<T, String> cursor,
      Page.Request page) throws InterruptedException, IOException {
    JavaType type = Json.mapper().getTypeFactory().constructParametricType(Page.class, item);
    return scan(exchange, mine, type, (a, b) -> Page.merge(List.of(a, b), cursor, page));
  }

  private HttpReply presentities(HttpExchange exchange, EventPackage<?> pkg, String event, Page.Request page)
      throws InterruptedException, IOException {
    long now = clock.millis();
    String prefix = pkg.name() + "|";
    List<ViewJson.PresentitySummary> found = new ArrayList<>();
    source.eachResource((resource, state) -> {
      if (resource.startsWith(prefix) && !state.publications().isEmpty()) {
        found.add(ViewJson.presentity(event, state, now));
      }
    });
    Function<ViewJson.PresentitySummary, String> cursor = ViewJson.PresentitySummary::resource;
    return scanPages(exchange, Page.of(found, cursor, page), ViewJson.PresentitySummary.class, cursor, page);
  }

  private <V> HttpReply presentity(EventPackage<V> pkg, ResourceState state, Page.Request page) {
    long now = clock.millis();
    Page<ViewJson.PublicationView> publications = Page.of(
        state.publications().stream().map(p -> ViewJson.publication(p, now)).toList(),
        ViewJson.PublicationView::entityTag, page);
    String document = new String(pkg.document(pkg.view(state)), StandardCharsets.UTF_8);
    return HttpReply.json(200, new ViewJson.PresentityView(state.resource(), ResourceKeys.uriOf(state.resource()),
        pkg.name(), instances.self(), pkg.contentTypes().get(0), document, publications.items(), publications.next()));
  }

  private HttpReply watchers(ResourceState state, String event, Page.Request page) {
    long now = clock.millis();
    return HttpReply.json(200, Page.of(state.subscriptions().stream().filter(s -> s.event().equals(event))
        .map(s -> ViewJson.subscription(state.resource(), s, now)).toList(), ViewJson::cursor, page));
  }

  private HttpReply bindings(ResourceState state, Page.Request page) {
    long now = clock.millis();
    Function<BindingView, String> cursor = ViewJson::cursor;
    return HttpReply.json(200, Page.of(state.bindings().stream()
        .map(b -> ViewJson.binding(state.resource(), b, now)).toList(), cursor, page));
  }

  private static HttpReply notFound(String path) {
    return UriRoute.error(404, "no view at " + path + "; use " + PRESENTITIES + "[/{uri}], " + WATCHERS + "/{uri}, "
        + SUBSCRIPTIONS + "?watcher=URI, " + BINDINGS + "/{aor} or " + STATS);
  }

  private static HttpReply busy(String reason) {
    return UriRoute.error(503, reason);
  }

  private static boolean forwarded(HttpExchange exchange) {
    return exchange.getRequestHeaders().containsKey(ViewForwarder.FORWARDED);
  }

  private static String authorization(HttpExchange exchange) {
    return exchange.getRequestHeaders().getFirst("Authorization");
  }

  private static String pathAndQuery(HttpExchange exchange) {
    String query = exchange.getRequestURI().getRawQuery();
    return exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> values = new HashMap<>();
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        String[] kv = pair.split("=", 2);
        if (!kv[0].isEmpty()) {
          values.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
              kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
      }
    }
    return values;
  }
}
