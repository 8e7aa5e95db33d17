package dev.herald.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.Json;
import dev.herald.packages.authorization.DomainPolicies;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code herald}: {@code up} runs Herald; the other commands talk to a running Herald through
 * its admin port, found by the same flags, HERALD_* variables and properties file.
 */
@Command(name = "herald", mixinStandardHelpOptions = true,
    description = "SIP presence server on Kafka.",
    subcommands = {HeraldCommand.Up.class, HeraldCommand.HealthCommand.class, UserCommand.class,
        RulesCommand.class, ListsCommand.class, ConferenceCommand.class, RegCommand.class, HistoryCommand.class, TopicsCommand.class,
        RebuildCommand.class, ViewCommands.PresentityCommand.class, ViewCommands.PresentitiesCommand.class, ViewCommands.Watchers.class,
        ViewCommands.Subscriptions.class, ViewCommands.Bindings.class, ViewCommands.StatsCommand.class, TokenCommand.class})
final class HeraldCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where a running Herald's admin port is. */
  static class AdminAddress {
    @Option(names = "--admin-host", defaultValue = "127.0.0.1", description = "admin HTTP address (HERALD_ADMIN_HOST)")
    String adminHost;

    @Option(names = "--admin-port", defaultValue = "8088", description = "admin HTTP port (HERALD_ADMIN_PORT)")
    int adminPort;

    URI uri(String path) {
      return URI.create("http://" + adminHost + ":" + adminPort + path);
    }
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = "Start Herald: embedded Kafka broker (unless --bootstrap-servers), topics, every role.")
  static class Up implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AdminAddress admin;

    @Mixin
    AdminAuthOptions adminAuth;

    @Mixin
    AuthOptions auth;

    @Mixin
    RegistrarOptions registrar;

    @Mixin
    PackageOptions packages;

    @Mixin
    RegistrantOptions registrants;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    ProcessorOptions processor;

    @Mixin
    XmppOptions xmpp;

    @Mixin
    BackendOptions backend;

    @Mixin
    TlsOptions tls;

    @Mixin
    WebSocketOptions webSocket;

    @Mixin
    UiOptions ui;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--log-format", defaultValue = "text",
        description = "text (with the date) or json, one object a line (HERALD_LOG_FORMAT)")
    String logFormat;

    @Mixin
    SipConnectionOptions sipConnections;

    @Option(names = "--sip-host", defaultValue = "127.0.0.1", description = "SIP address, UDP, TCP and TLS (HERALD_SIP_HOST)")
    String sipHost;

    @Option(names = "--sip-port", defaultValue = "5060", description = "SIP port (HERALD_SIP_PORT)")
    int sipPort;

    @Option(names = "--data-dir", defaultValue = "herald-data", description = "data directory (HERALD_DATA_DIR)")
    Path dataDir;

    @Option(names = "--bootstrap-servers", description = "external Kafka cluster; no embedded broker (HERALD_BOOTSTRAP_SERVERS)")
    String bootstrapServers;

    @Option(names = "--processing-guarantee", defaultValue = "at_least_once",
        description = "at_least_once or exactly_once_v2 (HERALD_PROCESSING_GUARANTEE)")
    String processingGuarantee;

    @Option(names = "--min-expires", defaultValue = "60",
        description = "shortest SUBSCRIBE/PUBLISH expiry; shorter gets 423 (HERALD_MIN_EXPIRES)")
    int minExpires;

    @Option(names = "--max-expires", defaultValue = "3600", description = "longest expiry granted (HERALD_MAX_EXPIRES)")
    int maxExpires;

    @Option(names = "--expiry-reduction-percent", defaultValue = "10",
        description = "granted subscription expiry reduced by up to this share (HERALD_EXPIRY_REDUCTION_PERCENT)")
    int expiryReductionPercent;

    @Option(names = "--max-failed-notifies", defaultValue = "3",
        description = "NOTIFY timeouts in a row that end a subscription (HERALD_MAX_FAILED_NOTIFIES)")
    int maxFailedNotifies;

    @Option(names = "--decision-timeout-ms", defaultValue = "3000",
        description = "how long a request waits for the processor's decision before 503 (HERALD_DECISION_TIMEOUT_MS)")
    int decisionTimeoutMs;

    @Option(names = "--retry-after", defaultValue = "5",
        description = "seconds in the Retry-After of a 503 (HERALD_RETRY_AFTER)")
    int retryAfter;

    @Option(names = "--max-pending", defaultValue = "20000",
        description = "most requests waiting for decisions at once (HERALD_MAX_PENDING)")
    int maxPending;

    @Option(names = "--shed-floor", defaultValue = "256",
        description = "pending requests admitted whatever the decision rate (HERALD_SHED_FLOOR)")
    int shedFloor;

    @Option(names = "--shed-target-delay-ms", defaultValue = "250",
        description = "queueing delay the edge admits requests for; it sheds the rest with 503 (HERALD_SHED_TARGET_DELAY_MS)")
    int shedTargetDelayMs;

    @Option(names = "--max-unparsed", defaultValue = "256",
        description = "UDP datagrams that may wait for the SIP parser; past them, and past --max-pending's admission,"
            + " new requests get 503 at the socket, unparsed (HERALD_MAX_UNPARSED)")
    int maxUnparsed;

    @Option(names = "--sip-udp-receive-buffer-bytes", defaultValue = "4194304",
        description = "receive buffer of the SIP UDP socket; the kernel caps it at net.core.rmem_max"
            + " (HERALD_SIP_UDP_RECEIVE_BUFFER_BYTES)")
    int udpReceiveBufferBytes;

    @Option(names = "--max-body-bytes", defaultValue = "16384",
        description = "larger bodies get 413 (HERALD_MAX_BODY_BYTES)")
    int maxBodyBytes;

    @Option(names = "--default-policy", defaultValue = "",
        description = "watchers no rule matches, per presentity domain, e.g. example.com:same=allow,other=confirm;*:other=block"
            + " (HERALD_DEFAULT_POLICY); empty allows everyone")
    String defaultPolicy;

    @Option(names = "--warm-up-seconds", defaultValue = "20",
        description = "how long Herald exercises itself through its SIP port before /health says ready; 0: not at all"
            + " (HERALD_WARM_UP_SECONDS)")
    int warmUpSeconds;

    @Option(names = "--warm-up-rate", defaultValue = "3000",
        description = "SIP requests per second the warm-up rises to (HERALD_WARM_UP_RATE)")
    int warmUpRate;

    @Option(names = "--application-id", defaultValue = dev.herald.processor.ProcessorConfig.DEFAULT_APPLICATION_ID,
        description = "the processor's Kafka Streams application id (HERALD_APPLICATION_ID); see docs/replay.md")
    String applicationId;

    HeraldSettings settings() {
      return HeraldSettings.builder().sipHost(sipHost).sipPort(sipPort).adminHost(admin.adminHost)
          .adminPort(admin.adminPort).dataDir(dataDir.toAbsolutePath())
          .bootstrapServers(Optional.ofNullable(bootstrapServers)).processingGuarantee(processingGuarantee)
          .minExpires(minExpires).maxExpires(maxExpires).expiryReductionPercent(expiryReductionPercent)
          .maxFailedNotifies(maxFailedNotifies)
          .edgeLimits(EdgeLimits.builder().decisionTimeoutMs(decisionTimeoutMs).retryAfterSeconds(retryAfter)
              .maxPending(maxPending).shedFloor(shedFloor).shedTargetDelayMs(shedTargetDelayMs)
              .maxUnparsed(maxUnparsed).udpReceiveBufferBytes(udpReceiveBufferBytes).maxBodyBytes(maxBodyBytes).build())
          .defaultPolicy(DomainPolicies.parse(defaultPolicy)).applicationId(applicationId).build();
    }

    WarmUpSettings warmUpSettings() {
      return new WarmUpSettings(Duration.ofSeconds(warmUpSeconds), warmUpRate);
    }

    /** Herald with these flags, not started. */
    Herald configured(HeraldSettings settings) {
      ClusterSettings layout = cluster.settings();
      Herald herald = new Herald(settings).withCluster(layout).withAuth(auth.settings(settings.dataDir()))
          .withRegistrar(registrar.settings(), registrar.winfoPartialState)
          .withPublisherExclusion(packages.excludePublisher)
          .withConference(packages.conference(maxBodyBytes))
          .withLineSeize(packages.lineSeize())
          .withPackageOptions(packages.packageOptions)
          .withRegistrantLimits(registrants.limits())
          .withListLimits(processor.listLimits())
          .withListSettings(processor.listSettings(settings.sipHost()))
          .withRegistrantWorker(registrants.worker(settings.sipHost(), layout.name("registrant")))
          .withWarmUp(warmUpSettings())
          .withProcessor(processor.streamThreads, processor.limits(), processor.storeMemory(), processor.batching())
          .withGatewayDomains(xmpp.gatewayDomains())
          .withLocalDomains(backend.localDomains(), backend.backendSipPort)
          .withTls(tls.settings())
          .withSipConnections(sipConnections.settings())
          .withWebSocket(webSocket.settings())
          .withUi(ui.settings())
          .withKafkaClients(kafka.settings(spec))
          .withAdminAuth(adminAuth.settings());
      xmpp.gateway(settings.defaultPolicy(), settings.maxExpires(), maxBodyBytes).ifPresent(herald::withXmppGateway);
      return herald;
    }

    @Override
    public Integer call() throws Exception {
      LogFormat.parse(logFormat).apply();
      HeraldSettings settings = settings();
      ClusterSettings layout = cluster.settings();
      Herald herald = configured(settings).start();
      PrintWriter out = spec.commandLine().getOut();
      out.printf("Herald is up.%n");
      if (layout.runs(ClusterSettings.Role.EDGE)) {
        out.printf("  SIP:   %s:%d (udp, tcp)%n", settings.sipHost(), herald.sipPort());
        if (herald.sipTlsPort() > 0) {
          out.printf("  SIPS:  %s:%d (tls)%n", settings.sipHost(), herald.sipTlsPort());
        }
        if (herald.sipWsPort() > 0) {
          out.printf("  WS:    ws://%s:%d (SIP over WebSocket)%n", settings.sipHost(), herald.sipWsPort());
        }
        if (herald.sipWssPort() > 0) {
          out.printf("  WSS:   wss://%s:%d (SIP over secure WebSocket)%n", settings.sipHost(), herald.sipWssPort());
        }
      }
      if (herald.backendSipPort() > 0) {
        out.printf("  Back-end SUBSCRIBEs to domains other than %s: from %s:%d (udp, tcp)%n",
            String.join(", ", backend.localDomains()), settings.sipHost(), herald.backendSipPort());
      }
      if (layout.runs(ClusterSettings.Role.XMPP)) {
        xmpp.gateway(settings.defaultPolicy(), settings.maxExpires(), maxBodyBytes)
            .ifPresent(gateway -> out.printf("  XMPP:  component %s at %s:%d%n", gateway.link().componentName(),
                gateway.link().host(), gateway.link().port()));
      }
      String adminUrl = herald.adminScheme() + "://" + settings.adminHost() + ":" + herald.adminPort();
      out.printf("  admin: %s/health%n", adminUrl);
      Optional<String> token = herald.generatedAdminToken();
      if (token.isPresent()) {
        out.printf("  token: %s%n         the admin token, shown this once; kept in %s, readable by you alone,"
            + " where bin/herald finds it%n", token.get(), herald.adminTokenFile());
      } else if (herald.adminAuthRequired() && java.nio.file.Files.exists(herald.adminTokenFile())) {
        out.printf("  token: in %s, where bin/herald finds it%n", herald.adminTokenFile());
      } else if (!herald.adminAuthRequired()) {
        out.printf("  token: none needed (--admin-auth none): the admin port answers anyone%n");
      }
      if (herald.webView()) {
        out.printf("  web:   %s/ui%s%n", adminUrl, herald.adminAuthRequired()
            ? "?access_token=" + token.orElse("TOKEN") : "");
      }
      out.printf("  kafka: %s%n", herald.bootstrapServers());
      out.flush();
      HeraldMain.runUntilStopped(herald);
      return 0;
    }
  }

  @Command(name = "health", mixinStandardHelpOptions = true,
      description = "Ask a running Herald for its health; exit 0 only when it is up.")
  static final class HealthCommand extends AdminCall {
    @Option(names = "--ready", description = "whether it can take load now (/health/ready)")
    boolean ready;

    @Option(names = "--live", description = "whether the process lives (/health/live)")
    boolean live;

    @Override
    public Integer call() throws Exception {
      if (ready && live) {
        throw new IllegalArgumentException("ask --ready or --live, not both");
      }
      HttpResponse<String> response = admin.get(admin.uri(ready ? "/health/ready" : live ? "/health/live"
          : "/health"));
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        return failed(response);
      }
      PrintWriter out = out();
      out.print(response.body());
      out.flush();
      return response.statusCode() == 200 ? 0 : 1;
    }
  }

  /** A command that calls a running Herald's admin API: the address, the output and the API's errors. */
  abstract static class AdminCall implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AdminAccess admin;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    /** Prints the API's error and returns 1, or returns 0 for a 2xx answer. */
    int failed(HttpResponse<String> response) {
      if (response.statusCode() / 100 == 2) {
        return 0;
      }
      String body = response.body();
      String reason = body.startsWith("{") ? Json.read(body, JsonNode.class).path("error").asText(body) : body;
      PrintWriter err = spec.commandLine().getErr();
      err.println("herald: " + reason + " (HTTP " + response.statusCode() + ")");
      err.flush();
      return 1;
    }
  }
}
