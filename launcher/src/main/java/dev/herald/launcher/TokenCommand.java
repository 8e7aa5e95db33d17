package dev.herald.launcher;

import dev.herald.common.admin.AdminRole;
import dev.herald.common.admin.AdminTokens;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald token create|list|revoke}: the admin port's tokens, in the token file itself (a running
 * Herald reads it again when it changes), so it needs the file, not the admin API.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Manage the admin API's bearer tokens (in the token file; a running Herald sees changes at once).",
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the token file is. */
  static final class TokenFile {
    @Option(names = "--data-dir", defaultValue = "herald-data", description = "data directory (HERALD_DATA_DIR)")
    Path dataDir;

    @Option(names = "--admin-tokens", description = "the token file; none: <data dir>/" + AdminAuthSettings.TOKENS_FILE
        + " (HERALD_ADMIN_TOKENS)")
    Path adminTokens;

    AdminTokens store() {
      return AdminTokens.at(adminTokens != null ? adminTokens : dataDir.resolve(AdminAuthSettings.TOKENS_FILE));
    }
  }

  /** A token command: its output and the token file. */
  abstract static class TokenCall implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TokenFile file;
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Make a token and print it, this once; only its digest is stored.")
  static final class Create extends TokenCall {
    @Option(names = "--role", required = true, description = "read (every GET: health, metrics, the web view, the"
        + " API's reads) or admin (everything)")
    String role;

    @Option(names = "--name", description = "the token's name, for list and revoke; default: ROLE-N")
    String name;

    @Override
    public Integer call() {
      AdminRole parsed = AdminRole.parse(role);
      AdminTokens store = file.store();
      AdminTokens.Created created = store.create(name != null ? name : store.freeName(parsed), parsed,
          Clock.systemUTC());
      PrintWriter out = spec.commandLine().getOut();
      out.println(created.token());
      out.flush();
      PrintWriter err = spec.commandLine().getErr();
      err.printf("token '%s' (%s) added to %s; it is shown this once%n", created.entry().name(),
          parsed.label(), store.file());
      err.flush();
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Names, roles and creation times of the tokens.")
  static final class ListTokens extends TokenCall {
    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      AdminTokens store = file.store();
      if (!store.exists()) {
        spec.commandLine().getErr().println("herald: no token file " + store.file());
        return 1;
      }
      out.printf("%-24s %-6s %s%n", "NAME", "ROLE", "CREATED");
      for (AdminTokens.Entry entry : store.list()) {
        out.printf("%-24s %-6s %s%n", entry.name(), entry.role().label(), entry.created());
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Remove a token; a running Herald refuses it from its next request.")
  static final class Revoke extends TokenCall {
    @Parameters(index = "0", paramLabel = "NAME", description = "the token's name (bin/herald token list)")
    String name;

    @Override
    public Integer call() throws IOException {
      AdminTokens store = file.store();
      java.util.Optional<AdminTokens.Entry> entry = store.list().stream().filter(e -> e.name().equals(name)).findFirst();
      if (entry.isEmpty() || !store.revoke(name)) {
        spec.commandLine().getErr().println("herald: no token named '" + name + "' in " + store.file());
        return 1;
      }
      Path generated = file.dataDir.resolve(AdminAuthSettings.GENERATED_TOKEN_FILE);
      if (Files.isReadable(generated) && AdminTokens.matches(entry.get(), Files.readString(generated).strip())) {
        Files.delete(generated);
      }
      spec.commandLine().getOut().println("token '" + name + "' revoked");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
