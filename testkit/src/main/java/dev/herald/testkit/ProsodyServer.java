package dev.herald.testkit;

import static org.awaitility.Awaitility.await;

import dev.herald.common.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real XMPP server for tests: Prosody (Debian's package) on loopback, on free client and component
 * ports, with its own configuration and data under a directory of the test, no TLS. One virtual host
 * for the XMPP users and one component for Herald's gateway.
 *
 * <p>Where Prosody is not installed the test is skipped, unless {@code HERALD_REQUIRE_PROSODY=1}
 * (which {@code .ci/run} sets after installing it), when it fails.
 */
public final class ProsodyServer implements AutoCloseable {

  private static final String HOST = "127.0.0.1";

  private final Path dir;
  private final String domain;
  private final String componentName;
  private final String componentSecret;
  private final int clientPort;
  private final int componentPort;
  private Process process;

  private ProsodyServer(Path dir, String domain, String componentName, String componentSecret) {
    this.dir = dir;
    this.domain = domain;
    this.componentName = componentName;
    this.componentSecret = componentSecret;
    int[] ports = FreePorts.findFreePorts(HOST, 2);
    this.clientPort = ports[0];
    this.componentPort = ports[1];
  }

  /** Prosody's executable, if installed. */
  public static Optional<Path> installed() {
    for (String dirName : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
      Path candidate = Path.of(dirName, "prosody");
      if (Files.isExecutable(candidate) && Files.isExecutable(Path.of(dirName, "prosodyctl"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Skips the calling test where Prosody is missing, or fails it where it is required. */
  public static void assumeInstalled() {
    if (installed().isEmpty()) {
      if ("1".equals(System.getenv("HERALD_REQUIRE_PROSODY"))) {
        throw new IllegalStateException("Prosody is required (HERALD_REQUIRE_PROSODY=1) but not installed");
      }
      Assumptions.abort("Prosody is not installed (Debian: apt-get install prosody)");
    }
  }

  /** Starts Prosody serving {@code domain} with the component {@code componentName}. */
  public static ProsodyServer start(Path dir, String domain, String componentName, String componentSecret)
      throws IOException {
    ProsodyServer server = new ProsodyServer(dir, domain, componentName, componentSecret);
    server.writeConfig();
    server.launch();
    return server;
  }

  public String domain() {
    return domain;
  }

  public int clientPort() {
    return clientPort;
  }

  public int componentPort() {
    return componentPort;
  }

  public String host() {
    return HOST;
  }

  /** Creates an account {@code user@domain}. */
  public void register(String user, String password) throws IOException, InterruptedException {
    Process ctl = new ProcessBuilder("prosodyctl", "--config", config().toString(), "register", user, domain, password)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prosodyctl.log").toFile()).start();
    if (!ctl.waitFor(30, TimeUnit.SECONDS) || ctl.exitValue() != 0) {
      throw new IOException("prosodyctl register " + user + " failed; see " + dir.resolve("prosodyctl.log"));
    }
  }

  /** Stops Prosody as an operator's restart does (SIGTERM), waits until its ports are closed. */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> !accepts(clientPort) && !accepts(componentPort));
  }

  /** Starts it again on the same ports and data. */
  public void restart() throws IOException, InterruptedException {
    stop();
    startAgain();
  }

  /** Starts a stopped server again on the same ports and data. */
  public void startAgain() throws IOException {
    launch();
  }

  private void launch() throws IOException {
    process = new ProcessBuilder(List.of("prosody", "--config", config().toString(), "-F"))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prosody.log").toFile()))
        .start();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("Prosody exited with " + process.exitValue() + "; see "
            + dir.resolve("prosody.log"));
      }
      return accepts(clientPort) && accepts(componentPort);
    });
  }

  private Path config() {
    return dir.resolve("prosody.cfg.lua");
  }

  private void writeConfig() throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(config(), """
        -- Written by Herald's tests: loopback only, no TLS, plain authentication allowed.
        run_as_root = true
        pidfile = "%1$s/prosody.pid"
        data_path = "%1$s/data"
        interfaces = { "%2$s" }
        c2s_ports = { %3$d }
        component_ports = { %4$d }
        component_interfaces = { "%2$s" }
        s2s_ports = { }
        http_ports = { }
        https_ports = { }
        c2s_direct_tls_ports = { }
        legacy_ssl_ports = { }
        log = { info = "*console" }
        modules_enabled = { "roster"; "saslauth"; "disco"; "ping"; "presence"; "posix" }
        modules_disabled = { "s2s"; "tls"; "offline" }
        authentication = "internal_plain"
        c2s_require_encryption = false
        allow_unencrypted_plain_auth = true
        VirtualHost "%5$s"
        Component "%6$s"
            component_secret = "%7$s"
        """.formatted(dir.toAbsolutePath(), HOST, clientPort, componentPort, domain, componentName, componentSecret));
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
