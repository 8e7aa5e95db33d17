package dev.herald.launcher;

import dev.herald.common.Json;
import dev.herald.processor.admin.RulesApi;
import dev.herald.processor.rules.PresRulesDocument;
import dev.herald.processor.rules.RulesJson;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code herald rules}: a presentity's authorization rules, through a running Herald's admin API. */
@Command(name = "rules", mixinStandardHelpOptions = true,
    description = "Show and change who may watch a presentity (RFC 5025 pres-rules).",
    subcommands = {RulesCommand.Show.class, RulesCommand.Set.class, RulesCommand.Remove.class,
        RulesCommand.Import.class, RulesCommand.Clear.class})
final class RulesCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What every rules command shares: the admin port and the presentity. */
  abstract static class RulesCall extends HeraldCommand.AdminCall {
    @Parameters(index = "0", paramLabel = "AOR", description = "the presentity, e.g. sip:bob@example.com")
    String aor;

    URI uri(String suffix) {
      return admin.uri("/api/rules/" + URLEncoder.encode(aor, StandardCharsets.UTF_8) + suffix);
    }

    /** The answer of a change: prints warnings and the rules now stored. */
    int changed(HttpResponse<String> response, String done) {
      if (failed(response) != 0) {
        return 1;
      }
      RulesApi.Answer answer = Json.read(response.body(), RulesApi.Answer.class);
      (answer.warnings() == null ? List.<String>of() : answer.warnings()).forEach(warning -> out().println("warning: " + warning));
      out().println(done);
      if (answer.rules() != null) {
        print(out(), answer.rules());
      }
      out().flush();
      return 0;
    }
  }

  static void print(PrintWriter out, RulesJson.RuleSet rules) {
    if (rules.rules().isEmpty()) {
      out.println("  (no rules: the default policy applies)");
    }
    for (RulesJson.Rule rule : rules.rules()) {
      out.printf("  %-16s %-12s %s%n", rule.id(), rule.action(), describe(rule.identity()));
    }
  }

  private static String describe(RulesJson.Identity identity) {
    if (identity == null) {
      return "every watcher";
    }
    StringBuilder text = new StringBuilder();
    identity.one().forEach(one -> text.append(text.isEmpty() ? "" : " or ").append(one));
    for (RulesJson.Many many : identity.many()) {
      text.append(text.isEmpty() ? "" : " or ")
          .append(many.domain() == null ? "every domain" : "domain " + many.domain());
      List<String> except = new ArrayList<>(many.exceptIds());
      except.addAll(many.exceptDomains());
      if (!except.isEmpty()) {
        text.append(" except ").append(String.join(", ", except));
      }
    }
    return text.isEmpty() ? "nobody" : text.toString();
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the rules of AOR.")
  static final class Show extends RulesCall {
    @Option(names = "--json", description = "as Herald's JSON")
    boolean json;

    @Option(names = "--xml", description = "as a pres-rules document")
    boolean xml;

    @Override
    public Integer call() throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri("")).GET();
      if (xml) {
        request.header("Accept", PresRulesDocument.CONTENT_TYPE);
      }
      HttpResponse<String> response = admin.send(request);
      if (failed(response) != 0) {
        return 1;
      }
      if (json || xml) {
        out().println(response.body());
      } else {
        RulesJson.RuleSet rules = Json.read(response.body(), RulesJson.RuleSet.class);
        out().println(rules.presentity() + " (" + rules.source() + "):");
        print(out(), rules);
      }
      out().flush();
      return 0;
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Add or replace one rule: what ACTION (allow, block, polite-block, confirm) does to a watcher"
          + " or a domain's watchers.")
  static final class Set extends RulesCall {
    @Option(names = "--watcher", paramLabel = "URI", description = "one watcher")
    String watcher;

    @Option(names = "--domain", paramLabel = "D", description = "every watcher of domain D; * for every domain")
    String domain;

    @Option(names = "--except", paramLabel = "URI", description = "a watcher (or, with --domain *, a domain) excluded")
    List<String> except = List.of();

    @Option(names = "--id", paramLabel = "ID", description = "the rule's id; without it the rule with the same"
        + " watcher or domain is replaced")
    String id;

    @Parameters(index = "1", paramLabel = "ACTION", description = "allow, block, polite-block or confirm")
    String action;

    @Override
    public Integer call() throws Exception {
      String body = Json.write(new RulesJson.RuleInput(id, watcher, domain, except, action));
      HttpResponse<String> response = admin.send(HttpRequest.newBuilder(uri("/rule"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
      String ruleId = failed(response) == 0 ? Json.read(response.body(), RulesApi.Answer.class).id() : null;
      return changed(response, "rule " + ruleId + " set; rules of " + aor + ":");
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove rule ID of AOR.")
  static final class Remove extends RulesCall {
    @Parameters(index = "1", paramLabel = "ID", description = "the rule's id")
    String id;

    @Override
    public Integer call() throws Exception {
      HttpResponse<String> response = admin.send(HttpRequest.newBuilder(
          uri("/rule/" + URLEncoder.encode(id, StandardCharsets.UTF_8))).DELETE());
      return changed(response, "rule " + id + " removed; rules of " + aor + ":");
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Replace the rules of AOR with a pres-rules document (as XCAP servers hold them).")
  static final class Import extends RulesCall {
    @Parameters(index = "1", paramLabel = "FILE", description = "the pres-rules document")
    Path file;

    @Override
    public Integer call() throws Exception {
      HttpResponse<String> response = admin.send(HttpRequest.newBuilder(uri(""))
          .header("Content-Type", PresRulesDocument.CONTENT_TYPE)
          .PUT(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(file))));
      return changed(response, "imported " + file + "; rules of " + aor + ":");
    }
  }

  @Command(name = "clear", mixinStandardHelpOptions = true,
      description = "Remove every rule of AOR; the default policy applies again.")
  static final class Clear extends RulesCall {
    @Override
    public Integer call() throws Exception {
      HttpResponse<String> response = admin.send(HttpRequest.newBuilder(uri("")).DELETE());
      if (failed(response) != 0) {
        return 1;
      }
      out().println("rules of " + aor + " cleared; the default policy applies");
      out().flush();
      return 0;
    }
  }
}
