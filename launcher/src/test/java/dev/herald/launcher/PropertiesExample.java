package dev.herald.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The release's {@code herald.properties.example} against the flags of {@code herald up}: a line
 * {@code #key=default} per flag, commented out, the key the properties file takes for it
 * ({@link SettingsSource#keyOf}). A flag added to {@code up} needs its one line there.
 */
final class PropertiesExample {

  /** Where the example is kept, relative to the launcher module. */
  static final String SOURCE = "src/main/dist/herald.properties.example";

  private static final Pattern SETTING = Pattern.compile("^#([a-z0-9.]+)=(.*)$");

  private final Map<String, String> settings = new LinkedHashMap<>();

  PropertiesExample(String text) {
    text.lines().map(SETTING::matcher).filter(Matcher::matches).forEach(line -> settings.put(line.group(1),
        line.group(2)));
  }

  /** The flags of {@code herald up} (those {@code bin/herald up --help} lists, but help and version). */
  static List<OptionSpec> upFlags() {
    return HeraldMain.commandLine(Map.of()).getSubcommands().get("up").getCommandSpec().options().stream()
        .filter(option -> !option.usageHelp() && !option.versionHelp()).toList();
  }

  /** The example's line for {@code flag}: its key and its default, empty when it has none. */
  static String lineOf(OptionSpec flag) {
    return "#" + SettingsSource.keyOf(flag.longestName()) + "=" + Objects.requireNonNullElse(flag.defaultValue(), "");
  }

  /** The commented-out settings of the example, key to value. */
  Map<String, String> settings() {
    return settings;
  }

  /** The lines the example lacks or has wrong: one {@code #key=default} per flag of {@code up}. */
  List<String> linesToWrite() {
    List<String> lines = new ArrayList<>();
    for (OptionSpec flag : upFlags()) {
      String key = SettingsSource.keyOf(flag.longestName());
      if (!Objects.equals(settings.get(key), Objects.requireNonNullElse(flag.defaultValue(), ""))) {
        lines.add(lineOf(flag));
      }
    }
    return lines;
  }

  /** Keys of the example that are no flag of {@code up}. */
  List<String> keysOfNoFlag() {
    List<String> flags = upFlags().stream().map(flag -> SettingsSource.keyOf(flag.longestName())).toList();
    return settings.keySet().stream().filter(key -> !flags.contains(key)).toList();
  }
}
