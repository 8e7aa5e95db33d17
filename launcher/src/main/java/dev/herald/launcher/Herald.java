package dev.herald.launcher;

import dev.herald.avro.PresenceRules;
import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantCommand;
import dev.herald.avro.RegistrantStatus;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.ResourceList;
import dev.herald.backend.BackendConfig;
import dev.herald.backend.BackendSubscriberRole;
import dev.herald.common.AdminServer;
import dev.herald.common.FreePorts;
import dev.herald.common.Health;
import dev.herald.common.HealthCheck;
import dev.herald.common.Metrics;
import dev.herald.common.admin.AdminRole;
import dev.herald.common.admin.AdminTokens;
import dev.herald.common.kafka.KafkaClientSettings;
import dev.herald.common.kafka.LingerUnderLoad;
import dev.herald.common.kafka.TopicCache;
import dev.herald.common.sip.SipConnectionLimits;
import dev.herald.edge.EdgeConfig;
import dev.herald.edge.SipEdge;
import dev.herald.edge.auth.AuthSettings;
import dev.herald.edge.auth.CredentialStore;
import dev.herald.edge.auth.CredentialsApi;
import dev.herald.edge.auth.EdgeAuthenticator;
import dev.herald.edge.ws.WebSocketSettings;
import dev.herald.kafka.embedded.EmbeddedKafkaBroker;
import dev.herald.kafka.embedded.EmbeddedKafkaConfig;
import dev.herald.launcher.ClusterSettings.Role;
import dev.herald.launcher.ui.UiSettings;
import dev.herald.launcher.ui.WebView;
import dev.herald.notifier.NotifierConfig;
import dev.herald.notifier.NotifierRole;
import dev.herald.packages.conference.ConferenceSettings;
import dev.herald.packages.rls.ListLimits;
import dev.herald.packages.spi.EventPackages;
import dev.herald.packages.spi.Expiries;
import dev.herald.processor.PresenceSettings;
import dev.herald.processor.ProcessorConfig;
import dev.herald.processor.ProcessorRole;
import dev.herald.processor.RegistrarSettings;
import dev.herald.processor.ResourceLimits;
import dev.herald.processor.StoreMemory;
import dev.herald.processor.admin.ConferenceApi;
import dev.herald.processor.admin.HistoryApi;
import dev.herald.processor.admin.ListsApi;
import dev.herald.processor.admin.PackageCommandsApi;
import dev.herald.processor.admin.RulesApi;
import dev.herald.processor.rls.ListSettings;
import dev.herald.processor.rules.RulesTopicCache;
import dev.herald.registrant.RegistrantConfig;
import dev.herald.registrant.RegistrantRole;
import dev.herald.registrant.accounts.AccountLimits;
import dev.herald.registrant.admin.RegistrantsApi;
import dev.herald.schemas.TopicBootstrap;
import dev.herald.schemas.TopicSpec;
import dev.herald.schemas.Topics;
import dev.herald.xmpp.XmppGatewayConfig;
import dev.herald.xmpp.XmppGatewayRole;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command run: an embedded KRaft broker (unless an external cluster is given), the
 * topics, and every role in one JVM behind one admin port. Roles start in the order data flows
 * backwards (processor, notifier, registrant, then the edge), so SIP is answered only once the
 * path behind it runs; they stop in reverse.
 */
public final class Herald implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Herald.class);
  /** How long start waits for the processor to own its partitions before the edge takes SIP. */
  private static final Duration PROCESSOR_START_TIMEOUT = Duration.ofSeconds(60);

  private final HeraldSettings settings;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private SipEdge edge;
  private AdminServer admin;
  private String bootstrapServers;
  private volatile boolean ready;
  private volatile String phase = "starting";
  private WarmUpSettings warmUp = WarmUpSettings.off();
  private int streamThreads = 1;
  private ResourceLimits resourceLimits = ResourceLimits.defaults();
  private StoreMemory storeMemory = StoreMemory.defaults();
  private AuthSettings auth = AuthSettings.off();
  private RegistrarSettings registrar = RegistrarSettings.defaults();
  private boolean winfoPartialState = true;
  private boolean excludePublisher;
  private ConferenceSettings conference = ConferenceSettings.defaults();
  private Expiries.Bounds lineSeize = ProcessorConfig.LINE_SEIZE_DEFAULTS;
  private Map<String, String> packageOptions = Map.of();
  private AccountLimits registrantLimits = AccountLimits.defaults();
  private ListLimits listLimits = ListLimits.defaults();
  private ListSettings listSettings = ListSettings.defaults();
  private RegistrantConfig registrantWorker;
  private XmppGatewayConfig xmppGateway;
  private LingerUnderLoad.Settings batching = ProcessorConfig.BATCHING_DEFAULTS;
  private Set<String> gatewayDomains = Set.of();
  private XmppGatewayRole xmpp;
  private Set<String> localDomains = Set.of();
  private int backendSipPort;
  private BackendSubscriberRole backend;
  private ClusterSettings cluster = ClusterSettings.single();
  private int sipPort;
  private TlsSettings tls = TlsSettings.off();
  private Optional<WebSocketSettings> webSocket = Optional.empty();
  private UiSettings ui = UiSettings.off();
  private KafkaClientSettings kafkaClients = KafkaClientSettings.none();
  private SipConnectionLimits sipConnections = SipConnectionLimits.defaults();
  private AdminAuthSettings adminAuth = AdminAuthSettings.defaults();
  private String generatedAdminToken;

  public Herald(HeraldSettings settings) {
    this.settings = settings;
  }

  /** Which roles this process runs beside other Herald processes (default: all of them, alone). */
  public Herald withCluster(ClusterSettings cluster) {
    if (settings.embeddedBroker() && cluster.replicationFactor() > 1) {
      throw new IllegalArgumentException("replication factor " + cluster.replicationFactor()
          + " needs a Kafka cluster (--bootstrap-servers); the embedded broker is one node");
    }
    this.cluster = cluster;
    return this;
  }

  /** Digest authentication for the domains {@code auth} names (off by default). */
  public Herald withAuth(AuthSettings auth) {
    this.auth = auth;
    return this;
  }

  /** The registrar's rules and presence derived from registrations; watcher info as partial or full documents. */
  public Herald withRegistrar(RegistrarSettings registrar, boolean winfoPartialState) {
    this.registrar = registrar;
    this.winfoPartialState = winfoPartialState;
    return this;
  }

  /** Whether a subscription from where a PUBLISH came is told of it (off: it is not). */
  public Herald withPublisherExclusion(boolean exclude) {
    this.excludePublisher = exclude;
    return this;
  }

  /** The conference package's partial state and limits. */
  public Herald withConference(ConferenceSettings conference) {
    this.conference = conference;
    return this;
  }

  /** How long a line-seize subscription may last. */
  public Herald withLineSeize(Expiries.Bounds lineSeize) {
    this.lineSeize = lineSeize;
    return this;
  }

  /** The operator's options of the event packages, keyed {@code package.key}; checked against what each reads. */
  public Herald withPackageOptions(Map<String, String> options) {
    this.packageOptions = Map.copyOf(options);
    return this;
  }

  /** The registrant worker's settings (default: a free UDP port on the SIP host, uac_registrant-like timers). */
  public Herald withRegistrantWorker(RegistrantConfig worker) {
    this.registrantWorker = worker;
    return this;
  }

  /**
   * The XMPP gateway (default: none). Its XMPP domains are also the processor's gateway domains, whose
   * watched resources it reports on {@code herald.watch-demand}.
   */
  public Herald withXmppGateway(XmppGatewayConfig gateway) {
    this.xmppGateway = gateway;
    this.gatewayDomains = gateway.domains().xmpp();
    return this;
  }

  /** The domains whose watched resources the processor reports (a gateway running in another process). */
  public Herald withGatewayDomains(Set<String> domains) {
    this.gatewayDomains = Set.copyOf(domains);
    return this;
  }

  /**
   * The domains Herald serves (default: none, every domain is Herald's). With some, the processor
   * demands the watched resources of other domains and the back-end subscriber subscribes to them at
   * their own servers, from {@code backendSipPort} (0: any free port).
   */
  public Herald withLocalDomains(Set<String> domains, int backendSipPort) {
    this.localDomains = Set.copyOf(domains);
    this.backendSipPort = backendSipPort;
    return this;
  }

  /** SIP over TLS on the edge (default: none). */
  public Herald withTls(TlsSettings tls) {
    this.tls = tls;
    return this;
  }

  /** Limits on the connections of the edge's SIP TCP and TLS listeners (default: {@link SipConnectionLimits#defaults()}). */
  public Herald withSipConnections(SipConnectionLimits limits) {
    this.sipConnections = limits;
    return this;
  }

  /** SIP over WebSocket on the edge (default: none); wss needs TLS ({@link #withTls}). */
  public Herald withWebSocket(Optional<WebSocketSettings> webSocket) {
    this.webSocket = webSocket;
    return this;
  }

  /** The edge's ws port, or -1. */
  public int sipWsPort() {
    return edge == null ? -1 : edge.wsPort();
  }

  /** The edge's wss port, or -1. */
  public int sipWssPort() {
    return edge == null ? -1 : edge.wssPort();
  }

  /** The web view on the admin port (default: none; {@code herald up} turns it on). */
  public Herald withUi(UiSettings ui) {
    this.ui = ui;
    return this;
  }

  /**
   * The Kafka client properties of every producer, consumer, admin client and Streams application
   * of every role (default: none, an open cluster). Secured ones need an external cluster: the
   * embedded broker listens in plaintext on loopback.
   */
  public Herald withKafkaClients(KafkaClientSettings clients) {
    if (settings.embeddedBroker() && clients.secured()) {
      throw new IllegalArgumentException("security.protocol " + clients.securityProtocol()
          + " needs a Kafka cluster (--bootstrap-servers); the embedded broker listens in plaintext on loopback");
    }
    this.kafkaClients = clients;
    return this;
  }

  /** Who may use the admin port and whether it serves HTTPS (default: tokens in the data directory, HTTP). */
  public Herald withAdminAuth(AdminAuthSettings adminAuth) {
    this.adminAuth = adminAuth;
    return this;
  }

  /** The edge's TLS port, or -1 when this process serves no TLS. */
  public int sipTlsPort() {
    return edge == null ? -1 : edge.tlsPort();
  }

  /** The back-end subscriber's SIP port, or -1 when none runs here. */
  public int backendSipPort() {
    return backend == null ? -1 : backend.sipPort();
  }

  /** Whether the XMPP link is connected; false when no gateway runs here. */
  public boolean xmppLinkUp() {
    return xmpp != null && xmpp.linkUp();
  }

  /** The bounds of the expiry registrant accounts may ask for (default {@link AccountLimits#defaults()}). */
  public Herald withRegistrantLimits(AccountLimits limits) {
    this.registrantLimits = limits;
    return this;
  }

  /** How deep resource lists may nest and how many members one may expand to. */
  public Herald withListLimits(ListLimits limits) {
    this.listLimits = limits;
    return this;
  }

  /** How the processor serves list subscriptions (RFC 4662). */
  public Herald withListSettings(ListSettings settings) {
    this.listSettings = settings;
    return this;
  }

  /** The processor's stream threads and what one resource may hold (default: one thread, the default limits). */
  public Herald withProcessor(int threads, ResourceLimits limits, StoreMemory memory) {
    return withProcessor(threads, limits, memory, ProcessorConfig.BATCHING_DEFAULTS);
  }

  /** As {@link #withProcessor(int, ResourceLimits, StoreMemory)}, with when its records linger under load. */
  public Herald withProcessor(int threads, ResourceLimits limits, StoreMemory memory,
      LingerUnderLoad.Settings batching) {
    this.batching = batching;
    this.streamThreads = threads;
    this.resourceLimits = limits;
    this.storeMemory = memory;
    return this;
  }

  /** A warm-up through the SIP port before {@code /health} says ready (default: none). */
  public Herald withWarmUp(WarmUpSettings warmUp) {
    this.warmUp = warmUp;
    return this;
  }

  public Herald start() throws Exception {
    try {
      startAll();
      return this;
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    PrometheusMeterRegistry metrics = Metrics.newRegistry();
    admin = new AdminServer(settings.adminHost(), settings.adminPort(), metrics);
    securedAdmin();
    admin.addHealthCheck(HealthCheck.of("herald", () -> ready ? Health.up() : Health.down(phase)));
    admin.start();
    started.push(admin);

    if (settings.embeddedBroker()) {
      EmbeddedKafkaBroker broker = embeddedBroker(settings);
      broker.start();
      started.push(broker);
      bootstrapServers = broker.bootstrapServers();
    } else {
      bootstrapServers = settings.bootstrapServers().orElseThrow();
    }
    Map<String, Object> kafka = kafkaClients.clientProperties(bootstrapServers);
    if (!kafkaClients.properties().isEmpty()) {
      log.info("Kafka client settings: {}", kafkaClients.masked());
    }
    ensureTopics(kafka);

    sipPort = settings.sipPort() != 0 || !cluster.runs(Role.EDGE) ? settings.sipPort()
        : FreePorts.findFreeSipPort(settings.sipHost());
    if (cluster.runs(Role.PROCESSOR)) {
      startRulesApi(kafka);
      startListsApi(kafka);
      startCommandApis(kafka);
      admin.route(HistoryApi.PATH, new HistoryApi(kafka, Clock.systemUTC()));
      startProcessor(kafka, metrics);
      if (ui.enabled()) {
        started.push(WebView.start(ui, kafka, settings.applicationId(), admin));
      }
    }
    if (cluster.runs(Role.NOTIFIER)) {
      NotifierRole notifier = new NotifierRole(NotifierConfig.defaults(settings.sipHost()), kafka,
          Clock.systemUTC(), metrics).start();
      started.push(notifier);
      admin.addHealthCheck(notifier.healthCheck());
    }
    if (cluster.runs(Role.REGISTRANT)) {
      startRegistrantsApi(kafka);
      RegistrantConfig registrantConfig = registrantWorker != null ? registrantWorker
          : RegistrantConfig.defaults(cluster.name("registrant"), "herald-registrant")
              .withSip(settings.sipHost(), 0, "UDP");
      RegistrantRole registrant = new RegistrantRole(registrantConfig, kafka, Clock.systemUTC(), metrics).start();
      started.push(registrant);
      admin.addHealthCheck(registrant.healthCheck());
    }
    if (cluster.runs(Role.XMPP)) {
      startXmppGateway(kafka, metrics);
    }
    if (cluster.runs(Role.BACKEND)) {
      startBackendSubscriber(kafka, metrics);
    }
    if (cluster.runs(Role.EDGE)) {
      startEdge(kafka, metrics);
      if (warmUp.enabled()) {
        phase = "warming up";
        new WarmUp(warmUp, new InetSocketAddress(settings.sipHost(), sipPort())).run();
      }
    }

    ready = true;
    log.info("Herald {} is up ({}): {}admin on {}://{}:{}/health, Kafka at {}{}", HeraldVersion.current().describe(),
        roleNames(),
        cluster.runs(Role.EDGE) ? "SIP on " + settings.sipHost() + ":" + sipPort + " (udp, tcp)"
            + (sipTlsPort() > 0 ? ", " + sipTlsPort() + " (tls)" : "")
            + (sipWsPort() > 0 ? ", " + sipWsPort() + " (ws)" : "")
            + (sipWssPort() > 0 ? ", " + sipWssPort() + " (wss)" : "") + ", " : "",
        admin.scheme(), settings.adminHost(), admin.port(), bootstrapServers,
        settings.embeddedBroker() ? " (embedded, data in " + settings.dataDir() + ")" : "");
  }

  /**
   * The admin port's authentication and TLS. On the first start with tokens in the data directory an
   * admin token is generated, its digest stored and the token written to a file of the data directory
   * readable by its owner alone; {@link #generatedAdminToken()} has it for the banner, the log never.
   */
  private void securedAdmin() throws Exception {
    adminAuth.tls().ifPresent(admin::tls);
    admin.authenticate(adminAuth.auth(settings.dataDir()));
    if (!adminAuth.required()) {
      log.warn("*** --admin-auth none: the admin port {}:{} answers ANYONE who reaches it, writes included"
          + " (digest users, registrant passwords, rules, resets); only where nothing but operators reach it ***",
          settings.adminHost(), settings.adminPort());
      return;
    }
    AdminTokens tokens = adminAuth.tokenStore(settings.dataDir());
    if (!tokens.exists()) {
      if (adminAuth.tokens().isPresent()) {
        throw new IllegalStateException("no admin token file " + tokens.file() + "; make it with bin/herald token"
            + " create --admin-tokens " + tokens.file() + " --role admin");
      }
      generateAdminToken(tokens);
    } else if (tokens.list().isEmpty()) {
      log.warn("the admin token file {} holds no token: the admin port refuses everything but {}"
          + " (bin/herald token create)", tokens.file(), dev.herald.common.admin.AdminAuth.LIVE_PATH);
    }
  }

  private void generateAdminToken(AdminTokens tokens) throws IOException {
    Files.createDirectories(settings.dataDir());
    Path file = adminTokenFile();
    AdminTokens.Created created = tokens.create(AdminAuthSettings.GENERATED_TOKEN_NAME, AdminRole.ADMIN,
        Clock.systemUTC());
    Files.deleteIfExists(file);
    AdminTokens.writeOwnerOnly(file, created.token() + "\n");
    generatedAdminToken = created.token();
    log.info("generated the admin token '{}' into {} (readable by its owner alone); its digest is in {}",
        created.entry().name(), file, tokens.file());
  }

  /** The admin token generated at this start, the first on the data directory; empty on later starts. */
  public Optional<String> generatedAdminToken() {
    return Optional.ofNullable(generatedAdminToken);
  }

  /** The file of the data directory that holds the generated admin token (if it was not deleted). */
  public Path adminTokenFile() {
    return settings.dataDir().resolve(AdminAuthSettings.GENERATED_TOKEN_FILE);
  }

  /** Whether the admin port needs tokens. */
  public boolean adminAuthRequired() {
    return adminAuth.required();
  }

  /** {@code http} or {@code https}: what the admin port speaks. */
  public String adminScheme() {
    return admin.scheme();
  }

  /**
   * Creates the topics that are missing; the first call to Kafka, so a cluster that refuses the
   * credentials or does not answer ends the start here, saying so.
   */
  private void ensureTopics(Map<String, Object> kafka) throws InterruptedException {
    try (Admin client = Admin.create(kafka)) {
      new TopicBootstrap(client, cluster.replicationFactor(), 30_000).ensureTopics(Topics.ALL);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthenticationException refused) {
        throw new IllegalStateException("Kafka at " + bootstrapServers + " refused Herald's "
            + kafkaClients.securityProtocol() + " connection: " + refused.getMessage()
            + " (see --kafka-config and the HERALD_KAFKA_* variables)", refused);
      }
      throw new IllegalStateException("cannot create Herald's topics at " + bootstrapServers + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 30 s"
          + " (security.protocol " + kafkaClients.securityProtocol() + ")", e);
    }
  }

  private void startProcessor(Map<String, Object> kafka, PrometheusMeterRegistry metrics)
      throws InterruptedException {
    ProcessorConfig config = processorConfig(sipPort);
    ProcessorRole processor = new ProcessorRole(config, kafka, metrics, applicationServer()).start();
    started.push(processor);
    admin.addHealthCheck(processor.healthCheck());
    processor.views(config).register(admin);
    if (!processor.awaitRunning(PROCESSOR_START_TIMEOUT)) {
      // SIP requests sent before the processor runs wait for it and may get 503.
      log.warn("the processor is not running after {} s; SIP is answered anyway", PROCESSOR_START_TIMEOUT.toSeconds());
    }
  }

  /**
   * Where the other processor instances reach this one's stores: its admin port, at the admin host,
   * or at this machine's name where the admin port listens on every address.
   */
  HostInfo applicationServer() {
    String host = settings.adminHost();
    try {
      if (InetAddress.getByName(host).isAnyLocalAddress()) {
        host = InetAddress.getLocalHost().getHostName();
      }
    } catch (UnknownHostException e) {
      log.warn("the admin host {} has no address; other processors are told {} anyway", host, host);
    }
    return new HostInfo(host, admin.port());
  }

  /** The XMPP gateway where one is configured; asked for by {@code --roles xmpp} without settings, an error. */
  private void startXmppGateway(Map<String, Object> kafka, PrometheusMeterRegistry metrics) {
    if (xmppGateway == null) {
      if (cluster.roles().size() < Role.values().length) {
        throw new IllegalArgumentException("--roles xmpp needs the XMPP gateway's settings (--xmpp-component-host …)");
      }
      return;
    }
    xmpp = new XmppGatewayRole(xmppGateway, kafka, Clock.systemUTC(), metrics).start();
    started.push(xmpp);
    admin.addHealthCheck(xmpp.healthCheck());
  }

  /** The back-end subscriber where local domains are given; asked for by {@code --roles backend} without them, an error. */
  private void startBackendSubscriber(Map<String, Object> kafka, PrometheusMeterRegistry metrics) throws Exception {
    if (localDomains.isEmpty()) {
      if (cluster.roles().size() < Role.values().length) {
        throw new IllegalArgumentException("--roles backend needs Herald's own domains (--local-domains)");
      }
      return;
    }
    BackendConfig config = BackendConfig.of(settings.sipHost(), localDomains, gatewayDomains);
    config = new BackendConfig(new BackendConfig.Sip(settings.sipHost(), backendSipPort), config.domains(),
        config.timing(), config.identity());
    backend = new BackendSubscriberRole(config, kafka, Clock.systemUTC(), metrics).start();
    started.push(backend);
    admin.addHealthCheck(backend.healthCheck());
  }

  private void startEdge(Map<String, Object> kafka, PrometheusMeterRegistry metrics)
      throws Exception {
    EdgeAuthenticator authenticator = startCredentials(kafka);
    EdgeLimits limits = settings.edgeLimits();
    EdgeConfig edgeConfig = EdgeConfig.builder(settings.sipHost(), sipPort).edgeId(cluster.name("edge"))
        .replyPartition(cluster.instance()).decisionTimeout(limits.decisionTimeout())
        .retryAfterSeconds(limits.retryAfterSeconds()).admission(limits.admission()).maxUnparsed(limits.maxUnparsed())
        .udpReceiveBufferBytes(limits.udpReceiveBufferBytes())
        .maxBodyBytes(limits.maxBodyBytes())
        .maxListMembers(listLimits.maxMembers())
        .packages(EventPackages.descriptors(processorConfig(sipPort).packageSettings()))
        .reusePort(cluster.sipReusePort())
        .tls(tls.enabled() ? Optional.of(tls.sipTls(settings.dataDir(), settings.sipHost(), Clock.systemUTC()))
            : Optional.empty(), tls.port())
        .webSocket(webSocket)
        .sipConnections(sipConnections)
        .build();
    if (sipConnections.idleTimeout().toSeconds() <= settings.maxExpires()) {
      log.warn("SIP TCP and TLS connections silent for {} s are closed (--sip-idle-timeout-s), no longer than the"
          + " longest subscription ({} s, --max-expires): a phone that sends nothing between refreshes loses its"
          + " NOTIFYs", sipConnections.idleTimeout().toSeconds(), settings.maxExpires());
    }
    if (webSocket.isPresent() && webSocket.get().allowedOrigins().isEmpty()) {
      log.warn("SIP over WebSocket: no --ws-allowed-origins, so a web page of any origin may connect");
    }
    edge = new SipEdge(edgeConfig, kafka, Clock.systemUTC(), metrics, authenticator).start();
    started.push(edge);
    admin.addHealthCheck(edge.healthCheck());
  }

  /** The broker of the data directory, not started. */
  static EmbeddedKafkaBroker embeddedBroker(HeraldSettings settings) {
    return new EmbeddedKafkaBroker(new EmbeddedKafkaConfig(settings.dataDir().resolve("kafka"), "127.0.0.1", 0, 0,
        Map.of()));
  }

  private PresenceSettings presence(int sipPort) {
    return settings.presence("sip:herald@" + settings.sipHost() + ":" + sipPort)
        .withWinfoPartialState(winfoPartialState)
        .withExcludePublisher(excludePublisher);
  }

  /** The processor this Herald runs (with SIP on {@code sipPort}), its state under the data directory. */
  ProcessorConfig processorConfig(int sipPort) {
    return ProcessorConfig.defaults(settings.dataDir().resolve("streams"))
        .withApplicationId(settings.applicationId())
        .withProcessingGuarantee(settings.processingGuarantee())
        .withReplicationFactor(cluster.replicationFactor())
        .withPresence(presence(sipPort))
        .withRegistrar(registrar)
        .withDefaultPolicy(settings.defaultPolicy())
        .withConference(conference)
        .withLineSeize(lineSeize)
        .withPackageOptions(packageOptions)
        .withStreamThreads(streamThreads)
        .withLimits(resourceLimits)
        .withStoreMemory(storeMemory)
        .toBuilder().gatewayDomains(gatewayDomains).batching(batching).lists(listSettings)
        .localDomains(localDomains).build();
  }

  /** The credential cache and {@code /api/users}, also while authentication is off, so users can be added first. */
  private EdgeAuthenticator startCredentials(Map<String, Object> kafka) {
    CredentialStore credentials = new CredentialStore(kafka).start();
    started.push(credentials);
    admin.addHealthCheck(credentials.healthCheck());
    CredentialsApi users = new CredentialsApi(kafka, credentials, Clock.systemUTC());
    started.push(users);
    admin.route(CredentialsApi.PATH, users);
    if (auth.enabled()) {
      log.info("digest authentication for {}", auth.domains());
    }
    return new EdgeAuthenticator(auth, credentials, credentials::health);
  }

  /** The admin APIs that write operator commands to the request log: conference resets and the packages' commands. */
  private void startCommandApis(Map<String, Object> kafka) {
    KafkaProducer<String, RequestEvent> producer = new KafkaProducer<>(kafka,
        Topics.REQUESTS.keySerde().serializer(), Topics.REQUESTS.valueSerde().serializer());
    started.push(producer);
    admin.route(ConferenceApi.PATH, new ConferenceApi(producer,
        () -> ConferenceApi.publishedConferences(kafka, Duration.ofSeconds(30)), Clock.systemUTC()));
    admin.route(PackageCommandsApi.PATH, new PackageCommandsApi(producer, EventPackages.installed(),
        Clock.systemUTC()));
  }

  /**
   * The admin API of authorization rules; it reads the rules through a cache of the rules topic
   * until the processor answers from its store.
   */
  private void startRulesApi(Map<String, Object> kafka) {
    RulesTopicCache rules = new RulesTopicCache(kafka).start();
    started.push(rules);
    admin.addHealthCheck(rules.healthCheck());
    KafkaProducer<String, PresenceRules> producer = new KafkaProducer<>(kafka,
        Topics.PRESENCE_RULES.keySerde().serializer(), Topics.PRESENCE_RULES.valueSerde().serializer());
    started.push(producer);
    Function<String, Optional<PresenceRules>> lookup = rules;
    admin.route(RulesApi.PATH, new RulesApi(producer, lookup, Clock.systemUTC()));
  }

  /** {@code /api/lists}: resource lists, read through a cache of their topic. */
  private void startListsApi(Map<String, Object> kafka) {
    TopicCache<String, ResourceList> lists = cache("resource-lists-cache", Topics.RESOURCE_LISTS, kafka);
    admin.route(ListsApi.PATH, new ListsApi(producer(Topics.RESOURCE_LISTS, kafka), producer(Topics.REQUESTS, kafka),
        listSettings.packages(), lists, listLimits, Clock.systemUTC()));
  }

  /** {@code /api/registrants}: registrant accounts and their status, read through caches of their topics. */
  private void startRegistrantsApi(Map<String, Object> kafka) {
    TopicCache<String, RegistrantAccount> accounts = cache("registrant-accounts-cache", Topics.REGISTRANT_ACCOUNTS,
        kafka);
    TopicCache<String, RegistrantStatus> statuses = cache("registrant-status-cache", Topics.REGISTRANT_STATUS, kafka);
    KafkaProducer<String, RegistrantAccount> accountWriter = producer(Topics.REGISTRANT_ACCOUNTS, kafka);
    KafkaProducer<String, RegistrantCommand> commandWriter = producer(Topics.REGISTRANT_COMMANDS, kafka);
    admin.route(RegistrantsApi.PATH, new RegistrantsApi(accounts, statuses, accountWriter, commandWriter,
        registrantLimits, Clock.systemUTC()));
  }

  private <V> TopicCache<String, V> cache(String name, TopicSpec<String, V> topic, Map<String, Object> kafka) {
    TopicCache<String, V> cache = new TopicCache<>(name, topic.name(), kafka, topic.keySerde().deserializer(),
        topic.valueSerde().deserializer()).start();
    started.push(cache);
    admin.addHealthCheck(cache.healthCheck());
    return cache;
  }

  /** A producer of an admin API: acknowledged by every replica, idempotent, failing fast when Kafka is away. */
  private <V> KafkaProducer<String, V> producer(TopicSpec<String, V> topic, Map<String, Object> kafka) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "herald-api-" + topic.name());
    KafkaProducer<String, V> producer = new KafkaProducer<>(props, topic.keySerde().serializer(),
        topic.valueSerde().serializer());
    started.push(producer);
    return producer;
  }

  /** The edge's SIP port, or the one NOTIFYs name as contact when this process runs no edge. */
  public int sipPort() {
    return edge != null ? edge.sipPort() : sipPort;
  }

  private String roleNames() {
    return cluster.roles().size() == Role.values().length ? "every role"
        : cluster.roles().stream().sorted().map(r -> r.name().toLowerCase(java.util.Locale.ROOT))
            .collect(java.util.stream.Collectors.joining(", "));
  }

  /** Whether this process serves the web view ({@code /ui}): it is on, and the processor runs here. */
  public boolean webView() {
    return ui.enabled() && cluster.runs(Role.PROCESSOR);
  }

  public int adminPort() {
    return admin.port();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    ready = false;
    while (!started.isEmpty()) {
      AutoCloseable part = started.pop();
      try {
        part.close();
      } catch (Exception e) {
        log.warn("error stopping {}: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
