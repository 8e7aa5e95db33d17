package dev.herald.launcher;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.herald.common.Json;
import dev.herald.edge.auth.CredentialsApi;
import dev.herald.edge.auth.DigestAlgorithm;
import dev.herald.edge.auth.IdentityRules;
import dev.herald.schemas.ResourceKeys;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code herald user add|delete|list}: digest users of a running Herald, through its admin port.
 * {@code add} computes the HA1 values itself, so the password never leaves this process.
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage digest users.",
    subcommands = {UserCommand.Add.class, UserCommand.Delete.class, UserCommand.ListUsers.class})
final class UserCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A user named by its AOR: username its user part, realm its domain unless given. */
  static final class Account {
    @Parameters(index = "0", paramLabel = "AOR", description = "the user's address of record, e.g. sip:alice@example.com")
    String aor;

    @Option(names = "--realm", description = "digest realm; default: the AOR's domain, the realm Herald challenges with")
    String realm;

    String normalisedAor() {
      return ResourceKeys.normaliseUri(aor).filter(u -> u.startsWith("sip:") || u.startsWith("sips:"))
          .filter(u -> u.indexOf('@') > u.indexOf(':') + 1)
          .orElseThrow(() -> new IllegalArgumentException("not a sip: AOR with a user: " + aor));
    }

    String username() {
      String uri = normalisedAor();
      return uri.substring(uri.indexOf(':') + 1, uri.lastIndexOf('@'));
    }

    String realm() {
      return realm != null ? realm : IdentityRules.hostOf(normalisedAor());
    }

    String key() {
      return username() + "@" + realm();
    }
  }

  static HttpResponse<String> usersApi(AdminAccess admin, String path, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    HttpResponse<String> response = admin.send(request.uri(admin.uri(CredentialsApi.PATH + path)));
    if (response.statusCode() >= 300) {
      throw new IOException("Herald answered " + response.statusCode() + ": " + response.body());
    }
    return response;
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a user, or set its password: the password is read from stdin or the terminal.")
  static final class Add implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AdminAccess admin;

    @Mixin
    Account account;

    @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
    boolean passwordStdin;

    @Option(names = "--may-act-for", paramLabel = "AOR",
        description = "another AOR, or *@domain, this user may PUBLISH and REGISTER for; repeatable")
    List<String> mayActFor = List.of();

    @Override
    public Integer call() throws Exception {
      char[] password = password();
      try {
        String text = new String(password);
        String username = account.username();
        String realm = account.realm();
        CredentialsApi.UserBody body = new CredentialsApi.UserBody(username, realm,
            DigestAlgorithm.MD5.ha1(username, realm, text), DigestAlgorithm.SHA_256.ha1(username, realm, text),
            account.normalisedAor(), mayActFor);
        usersApi(admin, "/" + account.key(), HttpRequest.newBuilder().header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(Json.write(body))));
      } finally {
        Arrays.fill(password, '\0');
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf("user %s (%s) saved%n", account.key(), account.normalisedAor());
      out.flush();
      return 0;
    }

    private char[] password() throws IOException {
      if (passwordStdin) {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
          throw new IllegalArgumentException("no password on standard input");
        }
        return line.toCharArray();
      }
      Console console = System.console();
      if (console == null) {
        throw new IllegalArgumentException("no terminal to ask for the password: use --password-stdin");
      }
      char[] first = console.readPassword("Password for %s: ", account.key());
      char[] again = console.readPassword("Again: ");
      if (first == null || first.length == 0 || !Arrays.equals(first, again)) {
        throw new IllegalArgumentException("the passwords were empty or differed");
      }
      return first;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a user.")
  static final class Delete implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AdminAccess admin;

    @Mixin
    Account account;

    @Override
    public Integer call() throws Exception {
      usersApi(admin, "/" + account.key(), HttpRequest.newBuilder().DELETE());
      spec.commandLine().getOut().printf("user %s deleted%n", account.key());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users (no secrets).")
  static final class ListUsers implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AdminAccess admin;

    @Override
    public Integer call() throws Exception {
      List<CredentialsApi.UserView> users = Json.mapper().readValue(
          usersApi(admin, "", HttpRequest.newBuilder().GET()).body(), new TypeReference<>() {});
      PrintWriter out = spec.commandLine().getOut();
      for (CredentialsApi.UserView user : users) {
        out.printf("%s@%s\t%s%s%n", user.username(), user.realm(), user.aor(),
            user.mayActFor().isEmpty() ? "" : "\tmay act for " + String.join(", ", user.mayActFor()));
      }
      out.flush();
      return 0;
    }
  }
}
