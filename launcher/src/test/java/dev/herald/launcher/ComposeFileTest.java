package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.launcher.ClusterSettings.Role;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * compose/docker-compose.yml against the layout of compose/cluster.sh: the same processes, the same
 * broker keys, the same Herald arguments but for a container's own addresses and directories, all
 * parsed by Herald's own command line. No Docker engine is needed.
 */
class ComposeFileTest {

  private static final Path ROOT = repositoryRoot();
  private static final Path COMPOSE_DIR = ROOT.resolve("compose");
  private static final Path CLUSTER_SCRIPT = COMPOSE_DIR.resolve("cluster.sh");
  private static final Path DOCKERFILE = COMPOSE_DIR.resolve("Dockerfile");
  /** Flags whose values are a container's own: its addresses and its directory. */
  private static final Set<String> CONTAINER_FLAGS = Set.of("--bootstrap-servers", "--sip-host", "--admin-host",
      "--data-dir");
  /** KAFKA_* variables the apache/kafka image passes to the JVM rather than writing as broker keys. */
  private static final Set<String> KAFKA_JVM_VARIABLES = Set.of("KAFKA_HEAP_OPTS", "KAFKA_OPTS");
  private static final String FRONT = "sip-front";
  private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z_]+)@");

  /** Where cluster.sh would keep its data: the plan must not touch the repository. */
  @TempDir
  static Path clusterDir;

  private static Map<String, List<String>> plan;
  private static JsonNode services;
  private static JsonNode compose;

  @BeforeAll
  static void readComposeFile() {
    compose = ComposeYaml.read(COMPOSE_DIR.resolve("docker-compose.yml"), Map.of());
    services = compose.path("services");
  }

  @Test
  void servicesAreTheProcessesOfTheClusterPlan() {
    assertThat(compose.has("version")).as("the compose spec has no version: key").isFalse();
    assertThat(fieldNames(services))
        .as("services of compose/docker-compose.yml against the processes `compose/cluster.sh plan` prints")
        .containsExactlyInAnyOrderElementsOf(plan().keySet());
  }

  @Test
  void brokersCarryTheKeysOfBrokerPropertiesAndFormOneCluster() {
    Properties template = brokerProperties();
    String clusterId = planValue(brokers().get(0), "cluster.id");
    Map<String, Map<String, String>> placeholders = new TreeMap<>();
    for (String broker : brokers()) {
      JsonNode service = service(broker);
      Map<String, String> environment = environment(service);
      Map<String, String> keys = new TreeMap<>();
      environment.forEach((name, value) -> {
        if (name.startsWith("KAFKA_") && !KAFKA_JVM_VARIABLES.contains(name)) {
          keys.put(propertyKey(name), value);
        }
      });
      assertThat(keys.keySet()).as("%s: broker keys of its KAFKA_* variables against compose/kafka/broker.properties",
          broker).containsExactlyInAnyOrderElementsOf(template.stringPropertyNames());
      Map<String, String> filled = new TreeMap<>();
      for (String key : template.stringPropertyNames()) {
        fillPlaceholders(broker, key, template.getProperty(key), keys.get(key), filled);
      }
      placeholders.put(broker, filled);

      assertThat(text(service, "image")).as("%s: image, tagged with the parent pom's kafka.version", broker)
          .isEqualTo("apache/kafka:" + pomProperty("kafka.version"));
      assertThat(environment.get("CLUSTER_ID")).as("%s: CLUSTER_ID, the cluster id of cluster.sh", broker)
          .isEqualTo(clusterId);
      assertThat(filled.get("NODE_ID")).as("%s: node.id, as cluster.sh plan gives it", broker)
          .isEqualTo(planValue(broker, "node.id"));
      assertThat(filled.get("HOST")).as("%s: the host of its listeners is its service name", broker)
          .isEqualTo(broker);
      assertThat(namedVolumeAt(service, filled.get("LOG_DIR")))
          .as("%s: a named volume of its own holds log.dirs %s", broker, filled.get("LOG_DIR"))
          .isEqualTo(broker + "-data");
      assertHealthcheck(broker, service);
    }
    assertThat(placeholders.values().stream().map(filled -> filled.get("NODE_ID")).distinct().count())
        .as("distinct node ids %s", placeholders).isEqualTo(brokers().size());
    String voters = placeholders.values().stream()
        .map(filled -> filled.get("NODE_ID") + "@" + filled.get("HOST") + ":" + filled.get("CONTROLLER_PORT"))
        .collect(Collectors.joining(","));
    placeholders.forEach((broker, filled) -> assertThat(filled.get("VOTERS"))
        .as("%s: controller.quorum.voters names every broker's controller", broker).isEqualTo(voters));
  }

  @Test
  void topicsAreCreatedOnceEveryBrokerIsHealthy() {
    JsonNode topics = service("topics");
    for (String broker : brokers()) {
      assertThat(text(topics.path("depends_on").path(broker), "condition"))
          .as("topics: depends_on %s with condition service_healthy", broker).isEqualTo("service_healthy");
    }
    assertThat(text(topics, "restart")).as("topics: runs once (restart \"no\")").isEqualTo("no");
    assertHeraldImage("topics", topics);
    TopicsCommand created = (TopicsCommand) parseHerald("topics", command(topics));
    TopicsCommand planned = (TopicsCommand) parseHerald("topics (plan)", plan().get("topics"));
    assertThat(created.replicationFactor).as("topics: --replication-factor, as in cluster.sh plan")
        .isEqualTo(planned.replicationFactor).isEqualTo((short) brokers().size());
    assertThat(split(created.bootstrapServers)).as("topics: --bootstrap-servers names every broker")
        .containsExactlyInAnyOrderElementsOf(brokerAddresses());
  }

  @Test
  void everyRoleRunsTheArgumentsOfItsProcessInThePlan() {
    List<Integer> edgeInstances = new ArrayList<>();
    for (String name : roleProcesses()) {
      JsonNode service = service(name);
      assertThat(text(service.path("depends_on").path("topics"), "condition"))
          .as("%s: depends_on topics with condition service_completed_successfully", name)
          .isEqualTo("service_completed_successfully");
      assertThat(text(service, "restart")).as("%s: restart", name).isEqualTo("unless-stopped");
      assertHeraldImage(name, service);

      HeraldCommand.Up up = parseUp(name, command(service));
      HeraldCommand.Up planned = parseUp(name + " (plan)", plan().get(name));
      ClusterSettings layout = up.cluster.settings();
      assertThat(layout).as("%s: roles, instance, replication factor and SIP port sharing, as in cluster.sh plan",
          name).isEqualTo(planned.cluster.settings());
      Map<String, String> flags = flags(name, command(service));
      Map<String, String> plannedFlags = flags(name + " (plan)", plan().get(name));
      assertThat(flags.keySet()).as("%s: the flags of cluster.sh plan", name)
          .containsExactlyInAnyOrderElementsOf(plannedFlags.keySet());
      plannedFlags.forEach((flag, value) -> {
        if (!CONTAINER_FLAGS.contains(flag)) {
          assertThat(flags.get(flag)).as("%s: %s, as in cluster.sh plan", name, flag).isEqualTo(value);
        }
      });
      assertThat(split(up.bootstrapServers)).as("%s: --bootstrap-servers names every broker", name)
          .containsExactlyInAnyOrderElementsOf(brokerAddresses());

      HeraldCommand.HealthCommand health = healthcheck(name, service);
      assertThat(health.admin.adminPort).as("%s: the healthcheck asks its own admin port", name)
          .isEqualTo(up.admin.adminPort);
      assertThat(up.admin.adminHost).as("%s: --admin-host, so the published admin port reaches it", name)
          .isEqualTo("0.0.0.0");
      JsonNode publisher = layout.runs(Role.EDGE) ? service(FRONT) : service;
      assertThat(ports(publisher)).as("%s: its admin port published on the host's loopback", name)
          .contains(new Port("127.0.0.1", Integer.toString(up.admin.adminPort), up.admin.adminPort, "tcp"));
      if (layout.runs(Role.PROCESSOR)) {
        String dataDir = up.settings().dataDir().toString();
        assertThat(namedVolumeAt(service, dataDir)).as("%s: a named volume holds its state in --data-dir %s", name,
            dataDir).isEqualTo(name + "-state");
      }
      if (layout.runs(Role.EDGE)) {
        edgeInstances.add(layout.instance());
      }
    }
    assertThat(edgeInstances).as("instances of the edges (each reads its own partition of herald.replies)")
        .doesNotHaveDuplicates();
  }

  @Test
  void edgesShareTheAddressOfTheSipFront() {
    List<String> front = plan().get(FRONT);
    List<String> plannedEdges = front.subList(front.indexOf("SO_REUSEPORT") + 1, front.size());
    int sipPort = Integer.parseInt(front.get(0).substring(front.get(0).lastIndexOf(':') + 1));
    List<String> edges = roleProcesses().stream()
        .filter(name -> parseUp(name, command(service(name))).cluster.settings().runs(Role.EDGE)).toList();
    assertThat(edges).as("the edges behind the SIP front, as cluster.sh plan names them")
        .containsExactlyInAnyOrderElementsOf(plannedEdges);
    for (String edge : edges) {
      JsonNode service = service(edge);
      HeraldCommand.Up up = parseUp(edge, command(service));
      assertThat(text(service, "network_mode")).as("%s: network_mode", edge).isEqualTo("service:" + FRONT);
      assertThat(up.cluster.settings().sipReusePort()).as("%s: --sip-reuse-port", edge).isTrue();
      assertThat(up.sipPort).as("%s: --sip-port, the port the SIP front publishes", edge).isEqualTo(sipPort);
      assertThat(service.path("depends_on").has(FRONT)).as("%s: depends_on %s", edge, FRONT).isTrue();
      for (String processor : servicesRunning(Role.PROCESSOR)) {
        assertThat(text(service.path("depends_on").path(processor), "condition"))
            .as("%s: depends_on %s with condition service_healthy", edge, processor).isEqualTo("service_healthy");
      }
    }
    JsonNode sipFront = service(FRONT);
    assertThat(sipFront.has("network_mode")).as("%s: owns its network namespace", FRONT).isFalse();
    assertThat(ports(sipFront).stream().filter(port -> port.target() == sipPort).map(Port::protocol))
        .as("%s: publishes SIP port %d for udp and tcp", FRONT, sipPort).containsExactlyInAnyOrder("udp", "tcp");
  }

  @Test
  void contactsAndViasNameAddressesTheOtherSideReaches() {
    JsonNode published = ComposeYaml.read(COMPOSE_DIR.resolve("docker-compose.yml"),
        Map.of("HERALD_PUBLIC_SIP_HOST", "192.0.2.10", "HERALD_PUBLIC_SIP_PORT", "5070")).path("services");
    assertThat(ports(service(published, FRONT)).stream().filter(port -> port.published().equals("5070")).count())
        .as("%s: HERALD_PUBLIC_SIP_PORT is the published SIP port, udp and tcp", FRONT).isEqualTo(2);
    for (String name : roleProcesses()) {
      HeraldCommand.Up up = parseUp(name, command(service(published, name)));
      ClusterSettings layout = up.cluster.settings();
      if (layout.runs(Role.PROCESSOR)) {
        assertThat(up.sipHost + ":" + up.sipPort)
            .as("%s: --sip-host and --sip-port make the Contact of answers and NOTIFYs: the public SIP address", name)
            .isEqualTo("192.0.2.10:5070");
      } else if (layout.runs(Role.NOTIFIER) || layout.runs(Role.REGISTRANT)) {
        assertThat(up.sipHost).as("%s: --sip-host, an address of its own container for its Via", name)
            .isEqualTo(name);
      }
    }
  }

  @Test
  void theImageUnpacksTheReleaseTarballOnTheJavaOfThePomAndRunsItsLauncher() {
    String dockerfile = read(DOCKERFILE);
    String release = firstGroup(read(ROOT.resolve("pom.xml")), "<release>(\\d+)</release>");
    List<String> from = dockerfile.lines().filter(line -> line.startsWith("FROM ")).toList();
    assertThat(from).as("Dockerfile: a Maven build stage and a JRE stage").hasSize(2);
    assertThat(from).as("Dockerfile: every base image has an explicit tag")
        .allSatisfy(line -> assertThat(line.split("\\s+")[1]).matches("[^:]+:[^:]+").doesNotEndWith(":latest"));
    assertThat(firstGroup(from.get(0), "^FROM maven:[^ ]*-eclipse-temurin-(\\d+)\\b"))
        .as("Dockerfile: JDK major of the build stage, the pom's <release>").isEqualTo(release);
    assertThat(firstGroup(from.get(1), "^FROM eclipse-temurin:(\\d+)-jre\\b"))
        .as("Dockerfile: Java major of the runtime stage, the pom's <release>").isEqualTo(release);

    // The assembly's file name, herald-${project.version}, in the launcher's pom
    String tarball = firstGroup(read(ROOT.resolve("launcher/pom.xml")),
        "<finalName>([^<$]+)\\$\\{project.version}</finalName>") + "*.tar.gz";
    assertThat(dockerfile).as("Dockerfile: the build stage makes the release tarball with mvn package and keeps it")
        .containsPattern("mvn [^\\n]*\\bpackage\\b").contains("launcher/target/" + tarball);
    Matcher unpacks = Pattern.compile("tar -xzf \\S+ -C (\\S+) --strip-components=1").matcher(dockerfile);
    assertThat(unpacks.find()).as("Dockerfile: the runtime stage unpacks the tarball, its top directory stripped")
        .isTrue();
    assertThat(firstGroup(dockerfile, "(?m)^ENTRYPOINT (.+)$"))
        .as("Dockerfile: ENTRYPOINT runs the bin/herald of the unpacked release (exec form, JVM as PID 1)")
        .isEqualTo("[\"" + unpacks.group(1) + "/bin/herald\"]");
  }

  @Test
  void theClusterScriptIsValidBash() throws Exception {
    Process bash = new ProcessBuilder("bash", "-n", CLUSTER_SCRIPT.toString()).redirectErrorStream(true).start();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as("bash -n compose/cluster.sh: %s", output).isZero();
  }

  // --- the plan of compose/cluster.sh ---

  /** Each line of {@code compose/cluster.sh plan}: the process's name, then what it runs (read once). */
  private static synchronized Map<String, List<String>> plan() {
    if (plan == null) {
      plan = clusterPlan();
    }
    return plan;
  }

  private static Map<String, List<String>> clusterPlan() {
    try {
      ProcessBuilder builder = new ProcessBuilder("bash", CLUSTER_SCRIPT.toString(), "plan").redirectErrorStream(true);
      builder.environment().keySet().removeIf(name -> name.startsWith("HERALD_"));
      builder.environment().put("HERALD_CLUSTER_DIR", clusterDir.toString());
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        fail("compose/cluster.sh plan failed:%n%s", output);
      }
      Map<String, List<String>> lines = new LinkedHashMap<>();
      output.lines().filter(line -> !line.isBlank()).forEach(line -> {
        List<String> words = List.of(line.strip().split("\\s+"));
        lines.put(words.get(0), words.get(0).equals("topics") ? words : words.subList(1, words.size()));
      });
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> brokers() {
    return plan().entrySet().stream().filter(process -> process.getValue().get(0).equals("kafka"))
        .map(Map.Entry::getKey).toList();
  }

  private static List<String> roleProcesses() {
    return plan().entrySet().stream().filter(process -> process.getValue().get(0).equals("up"))
        .map(Map.Entry::getKey).toList();
  }

  /** {@code key=value} of a broker's plan line. */
  private static String planValue(String broker, String key) {
    return plan().get(broker).stream().filter(word -> word.startsWith(key + "=")).findFirst()
        .map(word -> word.substring(key.length() + 1))
        .orElseThrow(() -> new AssertionError("cluster.sh plan gives " + broker + " no " + key));
  }

  // --- Herald's command line ---

  private static Object parseHerald(String name, List<String> args) {
    CommandLine cli = HeraldMain.commandLine(Map.of());
    try {
      ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
      if (!parsed.hasSubcommand()) {
        throw new AssertionError(name + ": " + args + " names no herald command");
      }
      return parsed.subcommand().commandSpec().userObject();
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(name + ": herald refuses " + args + ": " + e.getMessage(), e);
    }
  }

  /** {@code herald up} with {@code args}, every setting checked as {@code up} checks it before starting. */
  private static HeraldCommand.Up parseUp(String name, List<String> args) {
    if (!(parseHerald(name, args) instanceof HeraldCommand.Up up)) {
      throw new AssertionError(name + ": runs " + args + ", not herald up");
    }
    try {
      HeraldSettings settings = up.settings();
      ClusterSettings layout = up.cluster.settings();
      up.registrar.settings();
      up.packages.conference(up.maxBodyBytes);
      up.packages.lineSeize();
      up.registrants.limits();
      up.registrants.worker(settings.sipHost(), layout.name("registrant"));
      if (settings.embeddedBroker()) {
        throw new AssertionError(name + ": no --bootstrap-servers: it would start a broker of its own");
      }
      return up;
    } catch (IllegalArgumentException e) {
      throw new AssertionError(name + ": herald up refuses " + args + ": " + e.getMessage(), e);
    }
  }

  /** The flags {@code args} gives, by their long name, with the value as written. */
  private static Map<String, String> flags(String name, List<String> args) {
    ParseResult parsed = HeraldMain.commandLine(Map.of()).parseArgs(args.toArray(String[]::new)).subcommand();
    Map<String, String> flags = new HashMap<>();
    for (OptionSpec option : parsed.matchedOptions()) {
      flags.put(option.longestName(), String.join(",", option.originalStringValues()));
    }
    return flags;
  }

  // --- the compose file ---

  private static JsonNode service(String name) {
    return service(services, name);
  }

  private static JsonNode service(JsonNode tree, String name) {
    JsonNode service = tree.path(name);
    if (!service.isObject()) {
      fail("compose/docker-compose.yml has no service %s", name);
    }
    return service;
  }

  private static List<String> servicesRunning(Role role) {
    return roleProcesses().stream().filter(name -> parseUp(name, command(service(name))).cluster.settings().runs(role))
        .toList();
  }

  private static String text(JsonNode node, String field) {
    return node.path(field).asText(null);
  }

  private static List<String> command(JsonNode service) {
    JsonNode command = service.path("command");
    assertThat(command.isArray()).as("command is a list: %s", command).isTrue();
    List<String> args = new ArrayList<>();
    command.forEach(arg -> {
      assertThat(arg.isTextual()).as("command items are strings, %s is not", arg).isTrue();
      args.add(arg.asText());
    });
    return args;
  }

  /** A service's environment, as a map or as a list of NAME=value. */
  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> environment = new TreeMap<>();
    JsonNode node = service.path("environment");
    if (node.isArray()) {
      node.forEach(item -> {
        String[] pair = item.asText().split("=", 2);
        environment.put(pair[0], pair.length > 1 ? pair[1] : "");
      });
    } else {
      node.properties().forEach(field -> environment.put(field.getKey(), field.getValue().asText()));
    }
    return environment;
  }

  /** The named volume (declared under top-level volumes) a service mounts at {@code path}, or null. */
  private static String namedVolumeAt(JsonNode service, String path) {
    for (JsonNode volume : service.path("volumes")) {
      String[] parts = volume.isObject() ? new String[] {text(volume, "source"), text(volume, "target")}
          : volume.asText().split(":");
      if (parts.length >= 2 && parts[1].equals(path) && compose.path("volumes").has(parts[0])) {
        return parts[0];
      }
    }
    return null;
  }

  /** A published port: host address (or null), published port, container port, protocol. */
  record Port(String hostIp, String published, int target, String protocol) {}

  private static List<Port> ports(JsonNode service) {
    List<Port> ports = new ArrayList<>();
    for (JsonNode port : service.path("ports")) {
      if (port.isObject()) {
        ports.add(new Port(text(port, "host_ip"), text(port, "published"), port.path("target").asInt(),
            port.path("protocol").asText("tcp")));
        continue;
      }
      String[] protocol = port.asText().split("/", 2);
      String[] parts = protocol[0].split(":");
      int target = Integer.parseInt(parts[parts.length - 1]);
      ports.add(new Port(parts.length == 3 ? parts[0] : null, parts.length >= 2 ? parts[parts.length - 2] : null,
          target, protocol.length == 2 ? protocol[1] : "tcp"));
    }
    return ports;
  }

  private static void assertHeraldImage(String name, JsonNode service) {
    JsonNode build = service.path("build");
    assertThat(COMPOSE_DIR.resolve(text(build, "context")).normalize()).as("%s: build context, the repository root",
        name).isEqualTo(ROOT);
    assertThat(ROOT.resolve(text(build, "dockerfile")).normalize()).as("%s: build dockerfile", name)
        .isEqualTo(DOCKERFILE);
  }

  private static void assertHealthcheck(String name, JsonNode service) {
    JsonNode healthcheck = service.path("healthcheck");
    assertThat(healthcheck.path("test").isEmpty()).as("%s: healthcheck test", name).isFalse();
    for (String field : List.of("interval", "retries", "start_period")) {
      assertThat(healthcheck.has(field)).as("%s: healthcheck %s", name, field).isTrue();
    }
  }

  /** The {@code herald health} a role's healthcheck runs. */
  private static HeraldCommand.HealthCommand healthcheck(String name, JsonNode service) {
    assertHealthcheck(name, service);
    List<String> test = new ArrayList<>();
    service.path("healthcheck").path("test").forEach(word -> test.add(word.asText()));
    int cli = test.indexOf(test.stream().filter(word -> word.endsWith("/bin/herald")).findFirst().orElse(""));
    assertThat(cli).as("%s: the healthcheck runs the Herald CLI (the image's bin/herald): %s", name, test)
        .isPositive();
    if (!(parseHerald(name + " healthcheck", test.subList(cli + 1, test.size()))
        instanceof HeraldCommand.HealthCommand health)) {
      throw new AssertionError(name + ": the healthcheck " + test + " is no herald health");
    }
    return health;
  }

  /** The PLAINTEXT address each broker advertises. */
  private static List<String> brokerAddresses() {
    return brokers().stream().map(broker -> environment(service(broker)).get("KAFKA_ADVERTISED_LISTENERS"))
        .map(listeners -> listeners.replaceFirst("^PLAINTEXT://", "")).toList();
  }

  // --- broker.properties ---

  private static Properties brokerProperties() {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(read(COMPOSE_DIR.resolve("kafka/broker.properties"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  /** KAFKA_LOG_DIRS is log.dirs: '_' is '.', '__' is '_', '___' is '-' (the apache/kafka image's rule). */
  private static String propertyKey(String variable) {
    return variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT)
        .replace("___", "-").replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
  }

  /**
   * Matches {@code actual} against the template {@code value} of broker.properties, whose
   * {@code @NAME@} placeholders stand for any text, the same text wherever one recurs in a broker.
   */
  private static void fillPlaceholders(String broker, String key, String value, String actual,
      Map<String, String> filled) {
    List<String> names = new ArrayList<>();
    StringBuilder regex = new StringBuilder();
    Matcher placeholder = PLACEHOLDER.matcher(value);
    int end = 0;
    while (placeholder.find()) {
      regex.append(Pattern.quote(value.substring(end, placeholder.start())));
      String name = placeholder.group(1);
      int earlier = names.indexOf(name);
      if (earlier >= 0) {
        regex.append("\\").append(earlier + 1);
      } else if (filled.containsKey(name)) {
        regex.append(Pattern.quote(filled.get(name)));
      } else {
        names.add(name);
        regex.append("(.+?)");
      }
      end = placeholder.end();
    }
    regex.append(Pattern.quote(value.substring(end)));
    Matcher match = Pattern.compile(regex.toString()).matcher(actual);
    assertThat(match.matches()).as("%s: %s is %s, broker.properties has %s%s", broker, key, actual, value,
        filled.isEmpty() ? "" : " with " + filled).isTrue();
    for (int i = 0; i < names.size(); i++) {
      filled.put(names.get(i), match.group(i + 1));
    }
  }

  // --- files ---

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("compose/cluster.sh")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no compose/cluster.sh above " + Path.of("").toAbsolutePath());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pomProperty(String name) {
    return firstGroup(read(ROOT.resolve("pom.xml")), "<" + Pattern.quote(name) + ">([^<]+)</");
  }

  /** The first group of {@code regex}'s first match in {@code text}. */
  private static String firstGroup(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    if (!matcher.find()) {
      throw new AssertionError("nothing matches " + regex);
    }
    return matcher.group(1);
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> split(String list) {
    return Arrays.stream(list.split(",")).map(String::strip).toList();
  }
}
