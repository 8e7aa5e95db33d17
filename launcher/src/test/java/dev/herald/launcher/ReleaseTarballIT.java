package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball {@code mvn package} makes, {@code target/herald-<version>.tar.gz}, unpacked with
 * {@code tar} as a user would: its layout, and its {@code bin/herald} run on a Java with no Maven.
 */
class ReleaseTarballIT {

  private static final HeraldVersion VERSION = HeraldVersion.current();
  private static final String TOP = "herald-" + VERSION.version();
  private static final Path TARBALL = Path.of("target", TOP + ".tar.gz");
  /** A line of THIRD-PARTY.txt: {@code (licence) (licence) name (group:artifact:version - url)}. */
  private static final Pattern THIRD_PARTY = Pattern.compile("^\\s*(\\(.+\\)) .* \\(([^:\\s]+):([^:\\s]+):([^:\\s]+) - .*\\)$");

  @TempDir
  static Path unpacked;

  private static Path release;
  private static List<String> entries;

  @BeforeAll
  static void unpackTheTarball() throws Exception {
    assertThat(TARBALL).as("the tarball `mvn package` makes").isRegularFile();
    entries = run(List.of("tar", "-tzf", TARBALL.toAbsolutePath().toString()), Path.of("."), Map.of()).lines().toList();
    run(List.of("tar", "-xzf", TARBALL.toAbsolutePath().toString()), unpacked, Map.of());
    release = unpacked.resolve(TOP);
  }

  @Test
  void everyEntryIsUnderOneDirectoryNamedForTheVersion() {
    assertThat(entries).isNotEmpty().allSatisfy(entry -> assertThat(entry).startsWith(TOP + "/"));
  }

  @Test
  void binHeraldIsAnExecutableScriptThatRunsJavaOnLibAndNeverBuilds() throws IOException {
    Path script = release.resolve("bin/herald");
    assertThat(Files.getPosixFilePermissions(script)).as("bin/herald is executable by everyone")
        .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_EXECUTE);
    String text = Files.readString(script);
    assertThat(text).startsWith("#!/usr/bin/env bash\n").contains("lib/*").contains(HeraldMain.class.getName())
        .doesNotContain("mvn").doesNotContain("herald-build").doesNotContain("launcher/target");
  }

  @Test
  void libHoldsHeraldJarAndEveryJarOfItsClassPath() throws IOException {
    Path lib = release.resolve("lib");
    List<String> classPath;
    try (JarFile jar = new JarFile(lib.resolve("herald.jar").toFile())) {
      Manifest manifest = jar.getManifest();
      assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo(HeraldMain.class.getName());
      classPath = Arrays.stream(manifest.getMainAttributes().getValue("Class-Path").split("\\s+"))
          .map(entry -> entry.replaceFirst("^lib/", "")).toList();
    }
    Set<String> expected = new TreeSet<>(classPath);
    expected.add("herald.jar");
    assertThat(fileNames(lib)).as("lib/: herald.jar and the runtime class path in its manifest")
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void thePropertiesExampleHasALineForEveryFlagOfUp() throws IOException {
    Path example = release.resolve("herald.properties.example");
    PropertiesExample settings = new PropertiesExample(Files.readString(example));
    assertThat(settings.linesToWrite()).as("lines the release's herald.properties.example lacks").isEmpty();
    assertThat(settings.keysOfNoFlag()).as("keys of the release's herald.properties.example no flag reads").isEmpty();
  }

  @Test
  void thirdPartyLicencesNameALicenceForEveryLibraryButHeraldsOwn() throws IOException {
    List<String> lines = Files.readAllLines(release.resolve("THIRD-PARTY.txt"));
    Map<String, String> licences = new java.util.TreeMap<>();
    for (String line : lines) {
      Matcher listed = THIRD_PARTY.matcher(line);
      if (listed.matches()) {
        licences.put(listed.group(3) + "-" + listed.group(4), listed.group(1));
      }
    }
    List<String> ownModules = List.of("-" + VERSION.version() + ".jar");
    List<String> unlisted = new ArrayList<>();
    for (String jar : fileNames(release.resolve("lib"))) {
      if (jar.equals("herald.jar") || ownModules.stream().anyMatch(jar::endsWith)) {
        continue;
      }
      boolean listed = licences.entrySet().stream().anyMatch(licence -> jar.startsWith(licence.getKey())
          && !licence.getValue().contains("Unknown"));
      if (!listed) {
        unlisted.add(jar);
      }
    }
    assertThat(unlisted).as("jars of lib/ without a licence in THIRD-PARTY.txt").isEmpty();
  }

  @Test
  void theReleaseHasAReadme() {
    assertThat(release.resolve("README.md")).isRegularFile().content().contains("bin/herald up");
  }

  @Test
  void binHeraldPrintsTheVersionOnAJavaWithoutMaven(@TempDir Path tools) throws Exception {
    // The PATH holds bash and the two tools the script uses, nothing else: no mvn.
    for (String tool : List.of("bash", "dirname", "readlink")) {
      String found = run(List.of("bash", "-c", "command -v " + tool), Path.of("."), Map.of()).strip();
      Files.createSymbolicLink(tools.resolve(tool), Path.of(found));
    }
    Map<String, String> environment = Map.of("PATH", tools.toString(), "JAVA_HOME", System.getProperty("java.home"));
    String printed = run(List.of(release.resolve("bin/herald").toString(), "--version"), unpacked, environment);
    assertThat(printed.strip()).isEqualTo("herald " + VERSION.describe());
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(file -> file.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  /** Runs {@code command} in {@code dir} (with only {@code environment} when given), its output on success. */
  private static String run(List<String> command, Path dir, Map<String, String> environment) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    if (!environment.isEmpty()) {
      builder.environment().clear();
      builder.environment().putAll(environment);
    }
    Process process = builder.start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ends", command).isTrue();
    assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
    return output;
  }
}
