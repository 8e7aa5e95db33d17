package dev.herald.launcher;

import com.fasterxml.jackson.databind.JavaType;
import dev.herald.common.Json;
import dev.herald.processor.admin.OperatorViewsApi;
import dev.herald.processor.views.Page;
import dev.herald.processor.views.Stats;
import dev.herald.processor.views.ViewJson.BindingView;
import dev.herald.processor.views.ViewJson.FlowView;
import dev.herald.processor.views.ViewJson.PresentitySummary;
import dev.herald.processor.views.ViewJson.PresentityView;
import dev.herald.processor.views.ViewJson.PublicationView;
import dev.herald.processor.views.ViewJson.SubscriptionView;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The operator views on the command line ({@code herald presentity}, {@code watchers},
 * {@code subscriptions}, {@code bindings}, {@code stats}): what the processor holds, through a
 * running Herald's admin API ({@link OperatorViewsApi}), as tables or, with {@code --json}, as the
 * API's JSON. Listings read every page.
 */
final class ViewCommands {

  /** Items asked for per page. */
  static final int PAGE = 500;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private ViewCommands() {}

  /** A view command: one GET per page, {@code --json}, and the tables. */
  abstract static class ViewCall extends HeraldCommand.AdminCall {
    @Option(names = "--json", description = "as the admin API's JSON")
    boolean json;

    /** The answer to a GET of {@code pathAndQuery}, or empty once its error is printed. */
    Optional<String> get(String pathAndQuery) throws Exception {
      HttpResponse<String> response = admin.send(HttpRequest.newBuilder(admin.uri(pathAndQuery)).GET(), TIMEOUT);
      return failed(response) != 0 ? Optional.empty() : Optional.of(response.body());
    }

    /** Every item of a listing, page by page; empty once an error is printed. */
    <T> Optional<List<T>> all(String path, String query, Class<T> item) throws Exception {
      JavaType type = Json.mapper().getTypeFactory().constructParametricType(Page.class, item);
      List<T> items = new ArrayList<>();
      String after = null;
      do {
        Optional<String> body = get(path + "?" + (query.isEmpty() ? "" : query + "&") + "limit=" + PAGE
            + (after == null ? "" : "&after=" + encode(after)));
        if (body.isEmpty()) {
          return Optional.empty();
        }
        Page<T> page = Json.mapper().readValue(body.get(), type);
        items.addAll(page.items());
        after = page.next();
      } while (after != null);
      return Optional.of(items);
    }

    /**
     * Prints every subscription of a listing, {@code what} they are of the {@code title}, with
     * {@code party} in the first column, {@code heading}; 1 once an error is printed.
     */
    int listSubscriptions(String path, String query, String title, String what, String heading,
        Function<SubscriptionView, String> party) throws Exception {
      Optional<List<SubscriptionView>> found = all(path, query, SubscriptionView.class);
      if (found.isEmpty()) {
        return 1;
      }
      if (json) {
        printJson(found.get());
      } else {
        out().println(title + ": " + count(found.get().size(), what));
        printSubscriptions(out(), found.get(), heading, party);
      }
      out().flush();
      return 0;
    }

    /** Prints {@code items} as the API's JSON page, every item on it. */
    void printJson(List<?> items) {
      out().println(Json.write(new Page<>(items, null)));
    }
  }

  /** A presentity's URI and the event package of its resource. */
  static final class Presentity {
    @Parameters(index = "0", paramLabel = "URI", description = "the presentity, e.g. sip:bob@example.com")
    String uri;

    @Option(names = "--event", defaultValue = "presence",
        description = "the event package: presence, presence.winfo, dialog, call-info, conference …"
            + " (default ${DEFAULT-VALUE})")
    String event;

    String query() {
      return "event=" + encode(event);
    }
  }

  @Command(name = "presentity", mixinStandardHelpOptions = true,
      description = "Show what a presentity publishes: the document its watchers get and each publication with"
          + " entity tag, source and expiry (kamcmd presence.presentity_show, opensips-cli -x mi pres_phtable_list).")
  static final class PresentityCommand extends ViewCall {
    @Mixin
    Presentity presentity;

    @Override
    public Integer call() throws Exception {
      List<PublicationView> publications = new ArrayList<>();
      PresentityView first = null;
      String after = null;
      do {
        Optional<String> body = get(OperatorViewsApi.PRESENTITIES + "/" + encode(presentity.uri) + "?"
            + presentity.query() + "&limit=" + PAGE + (after == null ? "" : "&after=" + encode(after)));
        if (body.isEmpty()) {
          return 1;
        }
        PresentityView page = Json.read(body.get(), PresentityView.class);
        first = first == null ? page : first;
        publications.addAll(page.publications());
        after = page.next();
      } while (after != null);
      PresentityView whole = new PresentityView(first.resource(), first.presentity(), first.event(), first.owner(),
          first.contentType(), first.document(), publications, null);
      PrintWriter out = out();
      if (json) {
        out.println(Json.write(whole));
      } else {
        out.println(whole.event() + " " + whole.presentity() + ": " + publications.size() + " publication"
            + (publications.size() == 1 ? "" : "s") + " (held by " + whole.owner() + ")");
        if (!publications.isEmpty()) {
          Table table = new Table("ENTITY-TAG", "SOURCE", "CONTENT-TYPE", "PUBLISHED", "EXPIRES-IN");
          publications.forEach(p -> table.row(p.entityTag(), p.source(), p.contentType(),
              Instant.ofEpochMilli(p.publishedAtMs()).toString(), p.expiresInS() + "s"));
          table.print(out);
        }
        out.println("document (" + whole.contentType() + "):");
        out.println(whole.document().strip());
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "presentities", mixinStandardHelpOptions = true,
      description = "List every presentity with publications, on every processor instance"
          + " (kamcmd presence.presentity_list, opensips-cli -x mi pres_phtable_list).")
  static final class PresentitiesCommand extends ViewCall {
    @Option(names = "--event", defaultValue = "presence",
        description = "the event package: presence, dialog, call-info, conference … (default ${DEFAULT-VALUE})")
    String event;

    @Override
    public Integer call() throws Exception {
      Optional<List<PresentitySummary>> found = all(OperatorViewsApi.PRESENTITIES, "event=" + encode(event),
          PresentitySummary.class);
      if (found.isEmpty()) {
        return 1;
      }
      if (json) {
        printJson(found.get());
      } else {
        int n = found.get().size();
        out().println(event + ": " + n + (n == 1 ? " presentity" : " presentities") + " with publications");
        if (!found.get().isEmpty()) {
          Table table = new Table("PRESENTITY", "PUBLICATIONS", "WATCHERS", "EXPIRES-IN");
          found.get().forEach(p -> table.row(p.presentity(), Integer.toString(p.publications()),
              Integer.toString(p.watchers()), p.expiresInS() + "s"));
          table.print(out());
        }
      }
      out().flush();
      return 0;
    }
  }

  @Command(name = "watchers", mixinStandardHelpOptions = true,
      description = "List who watches a presentity, with each subscription's state, expiry and flow"
          + " (the active_watchers table of Kamailio and OpenSIPS, opensips-cli -x mi subs_phtable_list).")
  static final class Watchers extends ViewCall {
    @Mixin
    Presentity presentity;

    @Override
    public Integer call() throws Exception {
      return listSubscriptions(OperatorViewsApi.WATCHERS + "/" + encode(presentity.uri), presentity.query(),
          presentity.event + " " + presentity.uri, "watcher", "WATCHER", SubscriptionView::watcher);
    }
  }

  @Command(name = "subscriptions", mixinStandardHelpOptions = true,
      description = "List every subscription a watcher holds, of any event package, on every processor instance.")
  static final class Subscriptions extends ViewCall {
    @Option(names = "--watcher", required = true, paramLabel = "URI", description = "the watcher, e.g. sip:alice@example.com")
    String watcher;

    @Option(names = "--event", description = "only subscriptions of this event package")
    String event;

    @Override
    public Integer call() throws Exception {
      return listSubscriptions(OperatorViewsApi.SUBSCRIPTIONS,
          "watcher=" + encode(watcher) + (event == null ? "" : "&event=" + encode(event)), watcher, "subscription",
          "PRESENTITY", SubscriptionView::presentity);
    }
  }

  @Command(name = "bindings", mixinStandardHelpOptions = true,
      description = "List the contacts registered for an address of record, with expiry, instance id and flow"
          + " (kamcmd ul.dump, opensips-cli -x mi ul_dump).")
  static final class Bindings extends ViewCall {
    @Parameters(index = "0", paramLabel = "AOR", description = "the address of record, e.g. sip:bob@example.com")
    String aor;

    @Override
    public Integer call() throws Exception {
      Optional<List<BindingView>> found = all(OperatorViewsApi.BINDINGS + "/" + encode(aor), "", BindingView.class);
      if (found.isEmpty()) {
        return 1;
      }
      if (json) {
        printJson(found.get());
      } else {
        out().println(aor + ": " + count(found.get().size(), "binding"));
        if (!found.get().isEmpty()) {
          Table table = new Table("CONTACT", "EXPIRES-IN", "INSTANCE", "REG-ID", "TRANSPORT", "REMOTE", "EDGE",
              "USER-AGENT");
          found.get().forEach(b -> table.row(b.contact(), b.expiresInS() + "s", orDash(b.instanceId()),
              b.regId() == null ? "-" : b.regId().toString(), b.flow() == null ? "-" : b.flow().transport(),
              b.flow() == null ? "-" : b.flow().remote(), edge(b.flow()), orDash(b.userAgent())));
          table.print(out());
        }
      }
      out().flush();
      return 0;
    }
  }

  @Command(name = "stats", mixinStandardHelpOptions = true,
      description = "Count what Herald holds: publications, subscriptions by package and state, bindings, by domain,"
          + " over every processor instance.")
  static final class StatsCommand extends ViewCall {
    @Override
    public Integer call() throws Exception {
      Optional<String> body = get(OperatorViewsApi.STATS);
      if (body.isEmpty()) {
        return 1;
      }
      PrintWriter out = out();
      if (json) {
        out.println(body.get());
      } else {
        Stats stats = Json.read(body.get(), Stats.class);
        out.println("resources " + stats.resources() + ", publications " + stats.publications() + ", subscriptions "
            + stats.subscriptions() + ", bindings " + stats.bindings() + " (" + count(stats.instances().size(),
            "processor instance") + ": " + String.join(", ", stats.instances()) + ")");
        printCounts(out, "PACKAGE", stats.byPackage());
        printCounts(out, "DOMAIN", stats.byDomain());
      }
      out.flush();
      return 0;
    }

    private static void printCounts(PrintWriter out, String first, SortedMap<String, Stats.Counts> counts) {
      if (counts.isEmpty()) {
        return;
      }
      Table table = new Table(first, "PUBLICATIONS", "SUBSCRIPTIONS", "ACTIVE", "PENDING", "TERMINATED", "BINDINGS");
      for (Map.Entry<String, Stats.Counts> e : counts.entrySet()) {
        Stats.Counts c = e.getValue();
        table.row(e.getKey(), Long.toString(c.publications()), Long.toString(c.subscriptions()),
            Long.toString(c.active()), Long.toString(c.pending()), Long.toString(c.terminated()),
            Long.toString(c.bindings()));
      }
      table.print(out);
    }
  }

  static void printSubscriptions(PrintWriter out, List<SubscriptionView> subscriptions, String first,
      Function<SubscriptionView, String> party) {
    if (subscriptions.isEmpty()) {
      return;
    }
    Table table = new Table(first, "EVENT", "STATE", "EXPIRES-IN", "TRANSPORT", "REMOTE", "EDGE", "CONTACT");
    subscriptions.forEach(s -> table.row(party.apply(s), s.event(), s.state(), s.expiresInS() + "s",
        s.flow() == null ? "-" : s.flow().transport(), s.flow() == null ? "-" : s.flow().remote(), edge(s.flow()),
        orDash(s.contact())));
    table.print(out);
  }

  /** The edge of a flow as {@code id#instance}, or - when not known. */
  static String edge(FlowView flow) {
    return flow == null || flow.edge().isEmpty() ? "-" : flow.edge() + "#" + flow.edgeInstance();
  }

  private static String orDash(String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Columns padded to their widest cell, two spaces apart. */
  static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... headings) {
      rows.add(headings);
    }

    void row(String... cells) {
      rows.add(cells);
    }

    void print(PrintWriter out) {
      int[] widths = new int[rows.get(0).length];
      rows.forEach(r -> {
        for (int i = 0; i < r.length; i++) {
          widths[i] = Math.max(widths[i], r[i].length());
        }
      });
      for (String[] r : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < r.length; i++) {
          line.append(i == r.length - 1 ? r[i] : String.format("%-" + widths[i] + "s  ", r[i]));
        }
        out.println(line.toString().stripTrailing());
      }
    }
  }
}
