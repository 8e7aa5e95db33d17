package dev.herald.launcher;

import dev.herald.common.Json;
import dev.herald.packages.rls.ResourceListDocument;
import dev.herald.processor.admin.ListsApi;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code herald lists}: resource lists (RFC 4826), through a running Herald's admin API. */
@Command(name = "lists", mixinStandardHelpOptions = true,
    description = "Show and change resource lists (RFC 4826); list subscriptions are not served yet.",
    subcommands = {ListsCommand.Put.class, ListsCommand.Add.class, ListsCommand.Remove.class, ListsCommand.Show.class,
        ListsCommand.Delete.class})
final class ListsCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What every lists command shares: the admin port and the list. */
  abstract static class ListCall extends HeraldCommand.AdminCall {
    @Parameters(index = "0", paramLabel = "URI", description = "the list's URI, e.g. sip:friends@lists.example.com")
    String list;

    URI uri(String suffix) {
      return admin.uri(ListsApi.PATH + "/" + URLEncoder.encode(list, StandardCharsets.UTF_8) + suffix);
    }

    /** The answer of a change: prints {@code done} and the list now stored. */
    int changed(HttpResponse<String> response, String done) {
      if (failed(response) != 0) {
        return 1;
      }
      out().println(done);
      print(Json.read(response.body(), ListsApi.ListJson.class));
      return 0;
    }

    void print(ListsApi.ListJson shown) {
      out().println(shown.uri() + (shown.name() == null ? "" : " (" + shown.name() + ")") + ":");
      if (shown.entries().isEmpty()) {
        out().println("  (no members)");
      }
      shown.entries().forEach(member -> out().println("  " + member.uri()
          + (member.displayName() == null ? "" : "  " + member.displayName())));
      out().flush();
    }
  }

  @Command(name = "put", mixinStandardHelpOptions = true,
      description = "Create or replace the list URI with a resource-lists document of one list.")
  static final class Put extends ListCall {
    @Parameters(index = "1", paramLabel = "FILE", description = "the resource-lists document")
    Path file;

    @Override
    public Integer call() throws Exception {
      HttpResponse<String> response = admin.send(HttpRequest.newBuilder(uri(""))
          .header("Content-Type", ResourceListDocument.CONTENT_TYPE)
          .PUT(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(file))));
      return changed(response, (response.statusCode() == 201 ? "created " : "replaced ") + list + " from " + file);
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add MEMBER to the list URI, creating it.")
  static final class Add extends ListCall {
    @Parameters(index = "1", paramLabel = "MEMBER", description = "a resource or another list, e.g. sip:bob@example.com")
    String member;

    @Option(names = "--name", paramLabel = "N", description = "the member's display name")
    String name;

    @Override
    public Integer call() throws Exception {
      String body = Json.write(new ListsApi.MemberInput(member, name));
      HttpResponse<String> response = admin.send(HttpRequest.newBuilder(uri("/members"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
      return changed(response, "added " + member + " to " + list);
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove MEMBER from the list URI.")
  static final class Remove extends ListCall {
    @Parameters(index = "1", paramLabel = "MEMBER", description = "the member's URI")
    String member;

    @Override
    public Integer call() throws Exception {
      HttpResponse<String> response = admin.send(HttpRequest.newBuilder(
          uri("/members/" + URLEncoder.encode(member, StandardCharsets.UTF_8))).DELETE());
      return changed(response, "removed " + member + " from " + list);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the list URI.")
  static final class Show extends ListCall {
    @Option(names = "--xml", description = "as a resource-lists document")
    boolean xml;

    @Override
    public Integer call() throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri("")).GET();
      if (xml) {
        request.header("Accept", ResourceListDocument.CONTENT_TYPE);
      }
      HttpResponse<String> response = admin.send(request);
      if (failed(response) != 0) {
        return 1;
      }
      if (xml) {
        out().println(response.body());
        out().flush();
      } else {
        print(Json.read(response.body(), ListsApi.ListJson.class));
      }
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete the list URI.")
  static final class Delete extends ListCall {
    @Override
    public Integer call() throws Exception {
      HttpResponse<String> response = admin.send(HttpRequest.newBuilder(uri("")).DELETE());
      if (failed(response) != 0) {
        return 1;
      }
      out().println("deleted " + list);
      out().flush();
      return 0;
    }
  }
}
