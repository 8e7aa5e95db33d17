package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.packages.conference.ConferenceLimits;
import dev.herald.packages.conference.ConferenceSettings;
import dev.herald.packages.spi.Expiries;
import dev.herald.processor.ProcessorConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackageOptionsTest {

  private static PackageOptions parse(Map<String, String> env, String... args) {
    return OptionsParsing.parse(new PackageOptions(), env, args);
  }

  @Test
  void theDefaultsAreOpenSipsAndKamailios() {
    PackageOptions defaults = parse(Map.of());
    assertThat(defaults.lineSeize()).isEqualTo(ProcessorConfig.LINE_SEIZE_DEFAULTS);
    assertThat(defaults.conference(16384)).isEqualTo(new ConferenceSettings(false, new ConferenceLimits(16384, 5000)));
  }

  @Test
  void flagsAndVariablesSetTheLineSeizeTimeoutAndConferenceSettings() {
    PackageOptions options = parse(Map.of("HERALD_LINE_SEIZE_TIMEOUT", "30"), "--conference-partial-state", "true",
        "--conference-max-users", "800");
    assertThat(options.lineSeize()).isEqualTo(new Expiries.Bounds(1, 30, 30));
    assertThat(options.conference(57343)).isEqualTo(new ConferenceSettings(true, new ConferenceLimits(57343, 800)));
  }

  @Test
  void aLineSeizeTimeoutOrUserLimitBelowOneIsRefused() {
    assertThatThrownBy(() -> parse(Map.of(), "--line-seize-timeout", "0").lineSeize())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse(Map.of(), "--conference-max-users", "0").conference(1024))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void packageOptionsComeFromRepeatedFlagsCommaListsOrTheVariable() {
    assertThat(parse(Map.of(), "--package-option", "message-summary.max-body-bytes=8192",
        "--package-option", "message-summary.max-count=9,conference.x=1").packageOptions)
        .isEqualTo(Map.of("message-summary.max-body-bytes", "8192", "message-summary.max-count", "9",
            "conference.x", "1"));
    assertThat(parse(Map.of("HERALD_PACKAGE_OPTION", "message-summary.max-count=7")).packageOptions)
        .isEqualTo(Map.of("message-summary.max-count", "7"));
    assertThat(parse(Map.of()).packageOptions).isEmpty();
  }

  @Test
  void anOptionNoPackageReadsStopsTheProcessorConfigurationWithItsName() {
    ProcessorConfig config = ProcessorConfig.defaults(java.nio.file.Path.of("x"))
        .withPackageOptions(parse(Map.of(), "--package-option", "message-summary.colour=red").packageOptions);

    assertThatThrownBy(() -> dev.herald.packages.spi.EventPackages.descriptors(config.packageSettings()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("message-summary.colour");
  }
}
