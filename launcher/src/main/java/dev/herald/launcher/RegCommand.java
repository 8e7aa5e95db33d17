package dev.herald.launcher;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.herald.common.Json;
import dev.herald.registrant.accounts.AccountInput;
import dev.herald.registrant.admin.RegistrantView;
import dev.herald.registrant.admin.RegistrantsApi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald reg}: registrant accounts, the accounts Herald registers at remote registrars like
 * OpenSIPS uac_registrant, through a running Herald's admin API.
 */
@Command(name = "reg", mixinStandardHelpOptions = true,
    description = "Manage registrant accounts (registrations at remote registrars, like uac_registrant).",
    subcommands = {RegCommand.Load.class, RegCommand.Add.class, RegCommand.Delete.class, RegCommand.ListAccounts.class,
        RegCommand.Enable.class, RegCommand.Disable.class, RegCommand.Register.class})
final class RegCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What every reg command shares: the admin port and the API's answers. */
  abstract static class RegCall extends HeraldCommand.AdminCall {
    URI uri(String aor, String suffix) {
      return admin.uri(RegistrantsApi.PATH + (aor == null ? "" : "/" + encode(aor)) + suffix);
    }

    /** Prints {@code done} after a 2xx answer; the exit code. */
    int done(HttpResponse<String> response, String done) {
      if (failed(response) != 0) {
        return 1;
      }
      out().println(done);
      out().flush();
      return 0;
    }

    /** Percent-encodes a path segment; a space is %20, never '+', which SIP users hold. */
    static String encode(String aor) {
      return URLEncoder.encode(aor, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }

  /** A command on one account: a POST of {@code action}, or a DELETE when that is null. */
  abstract static class AccountCall extends RegCall {
    @Parameters(index = "0", paramLabel = "AOR", description = "the account's address of record, as loaded")
    String aor;

    private final String action;
    private final String done;

    AccountCall(String action, String done) {
      this.action = action;
      this.done = done;
    }

    /** The body of the POST. */
    String body() {
      return "";
    }

    @Override
    public Integer call() throws Exception {
      HttpRequest.Builder request = action == null ? HttpRequest.newBuilder(uri(aor, "")).DELETE()
          : HttpRequest.newBuilder(uri(aor, "/" + action)).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body()));
      return done(admin.send(request), "account " + aor + " " + done);
    }
  }

  @Command(name = "load", mixinStandardHelpOptions = true,
      description = "Load a file of accounts in uac_registrant's format, one a line: registrar,proxy,aor,"
          + "third_party_registrant,username,password,binding_URI,binding_params,expiry,forced_socket."
          + " Bad lines are reported and skipped; the exit code is 1 if there were any.")
  static final class Load extends RegCall {
    /** A load writes every account of the file and waits for the broker: longer than one change. */
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(2);

    @Parameters(index = "0", paramLabel = "FILE", description = "the accounts file")
    Path file;

    @Override
    public Integer call() throws Exception {
      HttpResponse<String> response = admin.send(HttpRequest.newBuilder(uri(null, ""))
          .header("Content-Type", "text/plain; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(Files.readString(file))), LOAD_TIMEOUT);
      if (failed(response) != 0) {
        return 1;
      }
      RegistrantsApi.LoadAnswer answer = Json.read(response.body(), RegistrantsApi.LoadAnswer.class);
      PrintWriter err = spec.commandLine().getErr();
      answer.rejected().forEach(line -> err.printf("line %d: %s%n", line.line(), line.message()));
      err.flush();
      answer.notes().forEach(line -> out().printf("line %d: %s%n", line.line(), line.message()));
      out().printf("%d account%s loaded from %s, %d line%s rejected%n", answer.loaded(),
          answer.loaded() == 1 ? "" : "s", file, answer.rejected().size(), answer.rejected().size() == 1 ? "" : "s");
      out().flush();
      return answer.rejected().isEmpty() ? 0 : 1;
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add an account, or replace the account of the same AOR.")
  static final class Add extends RegCall {
    @Option(names = "--registrar", required = true, paramLabel = "URI", description = "the registrar, e.g. sip:reg.example.net")
    String registrar;

    @Option(names = "--proxy", paramLabel = "URI", description = "outbound proxy")
    String proxy;

    @Option(names = "--aor", required = true, paramLabel = "URI", description = "the address of record (To), the account's name")
    String aor;

    @Option(names = "--third-party-registrant", paramLabel = "URI", description = "From URI, when not the AOR")
    String thirdPartyRegistrant;

    @Option(names = "--username", paramLabel = "NAME", description = "digest username")
    String username;

    @Option(names = "--password", paramLabel = "PASSWORD",
        description = "digest password (visible to other users of this machine; prefer --password-stdin)")
    String password;

    @Option(names = "--password-stdin", description = "read the digest password from the first line of standard input")
    boolean passwordStdin;

    @Option(names = "--binding-uri", required = true, paramLabel = "URI", description = "the Contact URI registered")
    String bindingUri;

    @Option(names = "--binding-params", paramLabel = "PARAMS", description = "Contact parameters, starting with ';'")
    String bindingParams;

    @Option(names = "--expiry", paramLabel = "SECONDS", description = "expiry asked for; default 3600")
    Integer expiry;

    @Option(names = "--forced-socket", paramLabel = "SOCKET", description = "[proto:]host[:port] to send from")
    String forcedSocket;

    @Option(names = "--disabled", description = "add the account disabled: no REGISTER until enabled")
    boolean disabled;

    @Override
    public Integer call() throws Exception {
      String secret = passwordStdin ? stdinLine() : password;
      AccountInput input = new AccountInput(registrar, proxy, aor, thirdPartyRegistrant, username, secret,
          bindingUri, bindingParams, expiry, forcedSocket, !disabled);
      HttpResponse<String> response = admin.send(HttpRequest.newBuilder(uri(aor, ""))
          .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(Json.write(input))));
      return done(response, "account " + aor + " saved" + (disabled ? " (disabled)" : ""));
    }

    private static String stdinLine() throws IOException {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new IllegalArgumentException("no password on standard input");
      }
      return line;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete an account; its worker unregisters it.")
  static final class Delete extends AccountCall {
    Delete() {
      super(null, "deleted");
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable an account: it registers again.")
  static final class Enable extends AccountCall {
    Enable() {
      super("enable", "enabled");
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true,
      description = "Disable an account: it is unregistered and stays so until enabled.")
  static final class Disable extends AccountCall {
    Disable() {
      super("disable", "disabled");
    }
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Force a REGISTER of an enabled account now, like uac_registrant's reg_force_register.")
  static final class Register extends AccountCall {
    Register() {
      super("register", "REGISTER requested");
    }

    @Override
    String body() {
      return Json.write(Map.of("operator", System.getProperty("user.name", "cli")));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the accounts and their state, like uac_registrant's reg_list (never a password).")
  static final class ListAccounts extends RegCall {
    @Option(names = "--json", description = "as the admin API's JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
      HttpResponse<String> response = admin.send(HttpRequest.newBuilder(uri(null, "")).GET());
      if (failed(response) != 0) {
        return 1;
      }
      if (json) {
        out().println(response.body());
      } else {
        print(out(), Json.mapper().readValue(response.body(), new TypeReference<List<RegistrantView>>() {}));
      }
      out().flush();
      return 0;
    }
  }

  private static final String ROW = "%-36s %-30s %-26s %-8s %-24s %-20s %-14s %s%n";

  static void print(PrintWriter out, List<RegistrantView> accounts) {
    out.printf(ROW, "AOR", "REGISTRAR", "STATE", "EXPIRES", "LAST RESPONSE", "NEXT ATTEMPT", "WORKER", "ENABLED");
    for (RegistrantView account : accounts) {
      out.printf(ROW, account.aor(), account.registrar(), account.state() + " " + account.stateName(),
          account.grantedExpires() == null ? "-" : account.grantedExpires().toString(),
          account.lastResponse() == null ? "-" : account.lastResponse(),
          account.nextAttemptMs() == null ? "-"
              : Instant.ofEpochMilli(account.nextAttemptMs()).truncatedTo(ChronoUnit.SECONDS).toString(),
          account.worker() == null ? "-" : account.worker(), account.enabled() ? "yes" : "no");
    }
    if (accounts.isEmpty()) {
      out.println("(no accounts)");
    }
  }
}
