package dev.herald.packages.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventPackagesTest {

  private static PackageSettings with(Map<String, String> options) {
    return PackageSettings.of(Expiries.defaults()).withOptions(options);
  }

  @Test
  void everyShippedPackageIsInstalledOnceAndEveryEventServedOnce() {
    assertThat(EventPackages.installed()).extracting(EventPackageProvider::name).doesNotHaveDuplicates()
        .contains("call-info", "conference", "dialog", "message-summary", "presence");
    assertThat(EventPackages.descriptors(with(Map.of()))).extracting(EventDescriptor::name).doesNotHaveDuplicates();
  }

  @Test
  void anOptionOfAPackageNotInstalledIsRefusedNamingThoseThatAre() {
    assertThatThrownBy(() -> EventPackages.descriptors(with(Map.of("weather.city", "Oslo"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no event package weather")
        .hasMessageContaining("message-summary");
  }

  @Test
  void anOptionThePackageDoesNotReadIsRefusedNamingThoseItDoes() {
    assertThatThrownBy(() -> EventPackages.descriptors(with(Map.of("message-summary.colour", "red"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes only [max-body-bytes, max-count]");
    assertThatThrownBy(() -> EventPackages.descriptors(with(Map.of("dialog.x", "1"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dialog takes no options");
  }

  @Test
  void anOptionThePackageReadsPasses() {
    assertThat(EventPackages.descriptors(with(Map.of("message-summary.max-count", "99")))).isNotEmpty();
  }
}
