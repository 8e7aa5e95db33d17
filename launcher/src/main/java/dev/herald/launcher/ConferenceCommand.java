package dev.herald.launcher;

import dev.herald.common.Json;
import dev.herald.processor.admin.ConferenceApi;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code herald conference}: operator commands on conferences, through a running Herald's admin API. */
@Command(name = "conference", mixinStandardHelpOptions = true,
    description = "Operator commands on conferences (RFC 4575).",
    subcommands = {ConferenceCommand.Reset.class})
final class ConferenceCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "reset", mixinStandardHelpOptions = true,
      description = "Drop the published state of a conference (or of all) and send its watchers the empty state,"
          + " as Kamailio's conference_reset.")
  static final class Reset extends HeraldCommand.AdminCall {
    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
      @Parameters(index = "0", paramLabel = "URI", description = "the conference, e.g. sip:conf42@example.com")
      String uri;

      @Option(names = "--all", required = true, description = "every conference with published state")
      boolean all;
    }

    @Override
    public Integer call() throws Exception {
      URI uri = target.all ? admin.uri(ConferenceApi.PATH + "/reset")
          : admin.uri(ConferenceApi.PATH + "/" + URLEncoder.encode(target.uri, StandardCharsets.UTF_8) + "/reset");
      HttpResponse<String> response = admin.send(
          HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()));
      if (failed(response) != 0) {
        return 1;
      }
      ConferenceApi.Answer answer = Json.read(response.body(), ConferenceApi.Answer.class);
      PrintWriter out = out();
      if (answer.reset().isEmpty()) {
        out.println("no conference has published state");
      }
      answer.reset().forEach(conference -> out.println("reset " + conference));
      out.flush();
      return 0;
    }
  }
}
