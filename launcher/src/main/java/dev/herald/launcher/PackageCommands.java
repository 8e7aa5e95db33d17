package dev.herald.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.Json;
import dev.herald.packages.spi.AdminCommandSpec;
import dev.herald.packages.spi.EventPackageProvider;
import dev.herald.processor.admin.PackageCommandsApi;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine;

/**
 * {@code herald <word> <command> URI --arg value …}: the operator commands each event package
 * declares ({@link EventPackageProvider#adminCommands}), built from those declarations and sent to
 * a running Herald's {@value PackageCommandsApi#PATH}. A package adds its commands without a line
 * here.
 */
final class PackageCommands {

  private PackageCommands() {}

  /** Adds a command group per package that has commands; a word the CLI already uses is refused. */
  static void addTo(CommandLine cli, List<EventPackageProvider> packages) {
    for (EventPackageProvider pkg : packages) {
      if (pkg.adminCommands().isEmpty()) {
        continue;
      }
      if (cli.getSubcommands().containsKey(pkg.commandWord())) {
        throw new IllegalStateException("the event package " + pkg.name() + " wants the CLI word "
            + pkg.commandWord() + ", which is taken");
      }
      CommandSpec group = CommandSpec.create().name(pkg.commandWord()).mixinStandardHelpOptions(true);
      group.usageMessage().description("Operator commands of the " + pkg.name() + " event package.");
      CommandLine groupLine = new CommandLine(group);
      for (AdminCommandSpec command : pkg.adminCommands()) {
        groupLine.addSubcommand(command.name(), new CommandLine(commandSpec(pkg.name(), command)));
      }
      cli.addSubcommand(pkg.commandWord(), groupLine);
    }
  }

  private static CommandSpec commandSpec(String pkg, AdminCommandSpec command) {
    CommandSpec[] self = new CommandSpec[1];
    CommandSpec spec = CommandSpec.wrapWithoutInspection(
        (java.util.concurrent.Callable<Integer>) () -> run(self[0], pkg, command));
    self[0] = spec;
    spec.name(command.name()).mixinStandardHelpOptions(true);
    spec.usageMessage().description(command.description());
    spec.addPositional(PositionalParamSpec.builder().index("0").paramLabel("URI").type(String.class)
        .description("the resource, e.g. sip:alice@example.com").required(true).build());
    for (AdminCommandSpec.Arg arg : command.args()) {
      spec.addOption(OptionSpec.builder("--" + arg.name()).type(String.class).paramLabel(arg.kind().name())
          .required(arg.required()).description(arg.description()).build());
    }
    spec.addMixin("admin", CommandSpec.forAnnotatedObject(new AdminAccess()));
    return spec;
  }

  private static int run(CommandSpec spec, String pkg, AdminCommandSpec command) throws Exception {
    Map<String, String> args = new LinkedHashMap<>();
    for (AdminCommandSpec.Arg arg : command.args()) {
      String value = spec.findOption("--" + arg.name()).getValue();
      if (value != null) {
        args.put(arg.name(), value);
      }
    }
    String resource = spec.positionalParameters().get(0).getValue();
    AdminAccess admin = ((AdminAccess) spec.mixins().get("admin").userObject())
        .environment(SettingsSource.environmentOf(spec));
    URI uri = admin.uri(PackageCommandsApi.PATH + "/" + URLEncoder.encode(pkg, StandardCharsets.UTF_8) + "/"
        + URLEncoder.encode(command.name(), StandardCharsets.UTF_8));
    HttpResponse<String> response = admin.send(HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(new PackageCommandsApi.CommandBody(resource, args)))));
    JsonNode answer = response.body().startsWith("{") ? Json.read(response.body(), JsonNode.class) : null;
    if (response.statusCode() / 100 != 2) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("herald: " + (answer == null ? response.body() : answer.path("error").asText(response.body()))
          + " (HTTP " + response.statusCode() + ")");
      err.flush();
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(command.name() + " sent to " + (answer == null ? resource : answer.path("resource").asText(resource)));
    out.flush();
    return 0;
  }
}
