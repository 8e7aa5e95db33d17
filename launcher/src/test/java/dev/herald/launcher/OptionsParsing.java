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

  /** The {@code up} command {@code bin/herald} would run {@code args} with. */
  static HeraldCommand.Up up(Map<String, String> env, String... args) {
    String[] line = new String[args.length + 1];
    line[0] = "up";
    System.arraycopy(args, 0, line, 1, args.length);
    CommandLine.ParseResult parsed = HeraldMain.commandLine(env).parseArgs(line);
    return (HeraldCommand.Up) parsed.subcommand().commandSpec().userObject();
  }

  /** The settings {@code bin/herald} would run {@code args} (an {@code up} command line) with. */
  static HeraldSettings upSettings(Map<String, String> env, String... args) {
    CommandLine.ParseResult parsed = HeraldMain.commandLine(env).parseArgs(args);
    return ((HeraldCommand.Up) parsed.subcommand().commandSpec().userObject()).settings();
  }
}
