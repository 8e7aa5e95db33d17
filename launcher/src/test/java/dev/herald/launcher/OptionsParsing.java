package dev.herald.launcher;

import java.util.Map;
import picocli.CommandLine;

/** Parses flags into an options class with defaults from {@code env}, as {@code bin/herald} does. */
final class OptionsParsing {

  private OptionsParsing() {}

  static <T> T parse(T options, Map<String, String> env, String... args) {
    CommandLine cli = new CommandLine(options);
    cli.setDefaultValueProvider(SettingsSource.fromEnvironment(env));
    cli.parseArgs(args);
    return options;
  }
}
