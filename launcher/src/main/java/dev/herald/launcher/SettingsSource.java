package dev.herald.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults of the command-line options from the environment, then from a properties file:
 * option {@code --sip-port} is variable {@code HERALD_SIP_PORT} and key {@code sip.port}.
 * A flag given on the command line wins over both.
 */
final class SettingsSource implements CommandLine.IDefaultValueProvider {

  static final String CONFIG_VARIABLE = "HERALD_CONFIG";
  static final Path DEFAULT_CONFIG = Path.of("herald.properties");

  private final Map<String, String> env;
  private final Properties file;

  SettingsSource(Map<String, String> env, Properties file) {
    this.env = Map.copyOf(env);
    this.file = file;
  }

  /** Reads the file named by HERALD_CONFIG, or ./herald.properties if it exists. */
  static SettingsSource fromEnvironment(Map<String, String> env) {
    Path path = Optional.ofNullable(env.get(CONFIG_VARIABLE)).map(Path::of).orElse(DEFAULT_CONFIG);
    Properties properties = new Properties();
    if (env.containsKey(CONFIG_VARIABLE) || Files.exists(path)) {
      try (Reader reader = Files.newBufferedReader(path)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read configuration file " + path, e);
      }
    }
    return new SettingsSource(env, properties);
  }

  /** The environment the variables are read from. */
  Map<String, String> env() {
    return env;
  }

  /** The environment of {@code command}'s settings (none when it reads no {@link SettingsSource}). */
  static Map<String, String> environmentOf(CommandLine.Model.CommandSpec command) {
    return command.defaultValueProvider() instanceof SettingsSource source ? source.env() : Map.of();
  }

  static String variableOf(String longOption) {
    return "HERALD_" + longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  static String keyOf(String longOption) {
    return longOption.replaceFirst("^--", "").replace('-', '.');
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)) {
      return null;
    }
    String name = option.longestName();
    String fromEnv = env.get(variableOf(name));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    String fromFile = file.getProperty(keyOf(name));
    if (fromFile != null && !fromFile.isBlank()) {
      return fromFile.strip();
    }
    return option.defaultValue();
  }
}
