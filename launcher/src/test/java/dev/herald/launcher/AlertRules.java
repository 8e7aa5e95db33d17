package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The Prometheus rules of {@code docs/alerts}, the metric names their expressions read, and
 * {@code promtool} to check them: where it is missing the calling test is skipped, unless
 * {@code HERALD_REQUIRE_PROMTOOL=1} (CI installs Debian's {@code prometheus} package).
 */
final class AlertRules {

  static final Path DIR = Path.of("..", "docs", "alerts");
  static final Path RULES = DIR.resolve("herald-rules.yml");
  static final Path RULES_TEST = DIR.resolve("herald-rules-test.yml");

  /** A metric name: Herald's own and the Kafka clients'; recording rules' names have colons. */
  private static final Pattern METRIC = Pattern.compile("(?<![\\w:])(?:herald|kafka)_[a-z0-9_]+(?![\\w:])");

  private AlertRules() {}

  /** Every metric name the rules' expressions read. */
  static Set<String> metricNames() throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
    Set<String> names = new TreeSet<>();
    for (JsonNode group : root.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        Matcher found = METRIC.matcher(rule.path("expr").asText());
        while (found.find()) {
          names.add(found.group());
        }
      }
    }
    return names;
  }

  /** Names of the alerts the rules define. */
  static Set<String> alertNames() throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
    Set<String> names = new TreeSet<>();
    root.path("groups").forEach(group -> group.path("rules").forEach(rule -> {
      if (rule.has("alert")) {
        names.add(rule.path("alert").asText());
      }
    }));
    return names;
  }

  /** What promtool printed, and its exit code. */
  record Run(int exitCode, String output) {}

  static Run promtool(String... args) throws IOException, InterruptedException {
    Path promtool = installed().orElseThrow();
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Path output = Files.createTempFile("promtool", ".out");
    try {
      Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool %s ends", String.join(" ", args)).isTrue();
      return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  static Optional<Path> installed() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dirName : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dirName, "promtool");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Skips the calling test where promtool is missing, or fails it where it is required. */
  static void assumePromtool() {
    if (installed().isEmpty()) {
      if ("1".equals(System.getenv("HERALD_REQUIRE_PROMTOOL"))) {
        throw new IllegalStateException("promtool is required (HERALD_REQUIRE_PROMTOOL=1) but not installed");
      }
      Assumptions.abort("promtool is not installed (Debian: apt-get install prometheus)");
    }
  }
}
