package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.admin.AdminAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin port of a running Herald (embedded broker) with its default authentication: a generated
 * admin token, tokens made and revoked by {@code herald token}, 401 and 403, and the CLI sending its token.
 */
class AdminAuthIT {

  private static final String BOB = "sip:bob@example.com";

  @TempDir
  static Path dataDir;

  @TempDir
  static Path files;

  private static Herald herald;
  private static int adminPort;

  @BeforeAll
  static void start() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    herald = new Herald(settings).start();
    adminPort = herald.adminPort();
  }

  @AfterAll
  static void stop() {
    if (herald != null) {
      herald.close();
    }
  }

  private static HttpResponse<String> send(String method, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code herald token …} on this Herald's data directory. */
  private static CliRun token(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "token";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--data-dir";
    all[args.length + 2] = dataDir.toString();
    return CliRun.run(Map.of(), all);
  }

  /** A CLI command against this Herald that finds no token but the one of {@code tokenFile}. */
  private static CliRun withTokenFile(Path tokenFile, String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--token-file";
    all[args.length + 1] = tokenFile.toString();
    return CliRun.run(Map.of("HERALD_ADMIN_PORT", Integer.toString(adminPort),
        "HERALD_DATA_DIR", files.resolve("elsewhere").toString()), all);
  }

  @Test
  void theFirstStartGeneratesAnAdminTokenIntoAnOwnerOnlyFileOfTheDataDirectory() throws Exception {
    Path file = herald.adminTokenFile();

    assertThat(herald.generatedAdminToken()).hasValue(Files.readString(file).strip());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    Path store = dataDir.resolve(AdminAuthSettings.TOKENS_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-------");
    assertThat(Files.readString(store)).doesNotContain(herald.generatedAdminToken().orElseThrow());
  }

  @Test
  void aRequestWithoutATokenOrWithAWrongOneGets401ButLivenessAnswersAnyone() throws Exception {
    HttpResponse<String> anonymous = send("GET", "/api/registrants", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");

    assertThat(send("DELETE", "/api/rules/" + BOB, "hrld_not-a-token").statusCode()).isEqualTo(401);
    assertThat(send("GET", "/health", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/metrics", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", AdminAuth.LIVE_PATH, null).statusCode()).isEqualTo(200);
  }

  @Test
  void aReadTokenReadsAndGets403OnAWriteThroughTheApiAndTheCli() throws Exception {
    CliRun created = token("create", "--role", "read", "--name", "dashboard");
    assertThat(created.exitCode()).as("%s", created).isZero();
    String read = created.out().strip();
    Path readFile = Files.writeString(files.resolve("read.token"), read + "\n");

    assertThat(send("GET", "/metrics", read).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/registrants", read).statusCode()).isEqualTo(200);
    HttpResponse<String> write = send("DELETE", "/api/rules/" + BOB, read);
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(write.body()).contains("admin role");

    CliRun refused = withTokenFile(readFile, "rules", "clear", BOB);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("HTTP 403", "admin role");
    assertThat(withTokenFile(readFile, "health").exitCode()).as("a read token reads").isZero();
  }

  @Test
  void anAdminTokenInAFileWritesThroughTheCli() throws Exception {
    CliRun created = token("create", "--role", "admin", "--name", "ops");
    Path adminFile = Files.writeString(files.resolve("admin.token"), created.out());

    CliRun set = withTokenFile(adminFile, "rules", "set", BOB, "allow", "--watcher", "sip:alice@example.com");

    assertThat(set.exitCode()).as("%s", set).isZero();
    CliRun shown = withTokenFile(adminFile, "rules", "show", BOB);
    assertThat(shown.out()).contains("sip:alice@example.com");
  }

  @Test
  void theCliSendsTheDataDirectorysTokenByDefaultAndTheVariablesTokenBeforeIt() {
    CliRun byDefault = CliRun.run(Map.of("HERALD_ADMIN_PORT", Integer.toString(adminPort),
        "HERALD_DATA_DIR", dataDir.toString()), "reg", "list");
    assertThat(byDefault.exitCode()).as("%s", byDefault).isZero();

    CliRun withoutAny = CliRun.run(Map.of("HERALD_ADMIN_PORT", Integer.toString(adminPort),
        "HERALD_DATA_DIR", files.resolve("nowhere").toString()), "reg", "list");
    assertThat(withoutAny.exitCode()).isEqualTo(1);
    assertThat(withoutAny.err()).contains("HTTP 401", "--token-file");
    CliRun healthWithoutAny = CliRun.run(Map.of("HERALD_ADMIN_PORT", Integer.toString(adminPort),
        "HERALD_DATA_DIR", files.resolve("nowhere").toString()), "health");
    assertThat(healthWithoutAny.exitCode()).isEqualTo(1);
    assertThat(healthWithoutAny.err()).contains("HTTP 401");

    CliRun wrongVariable = CliRun.run(Map.of("HERALD_ADMIN_PORT", Integer.toString(adminPort),
        "HERALD_DATA_DIR", dataDir.toString(), AdminAccess.TOKEN_VARIABLE, "hrld_wrong"), "reg", "list");
    assertThat(wrongVariable.err()).as("the variable wins over the data directory's file").contains("HTTP 401");
  }

  @Test
  void aRevokedTokenIsRefusedAtOnceAndTheListNeverShowsATokenItself() throws Exception {
    String token = token("create", "--role", "read", "--name", "temporary").out().strip();
    assertThat(send("GET", "/api/registrants", token).statusCode()).isEqualTo(200);

    CliRun list = token("list");
    assertThat(list.out()).contains("temporary", "read", AdminAuthSettings.GENERATED_TOKEN_NAME, "admin")
        .doesNotContain(token).doesNotContain(herald.generatedAdminToken().orElseThrow());

    assertThat(token("revoke", "temporary").exitCode()).isZero();
    assertThat(send("GET", "/api/registrants", token).statusCode()).isEqualTo(401);
    assertThat(token("revoke", "temporary").exitCode()).as("gone already").isEqualTo(1);
  }
}
