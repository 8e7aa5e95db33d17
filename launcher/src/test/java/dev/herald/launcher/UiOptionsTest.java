package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.launcher.ui.UiSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UiOptionsTest {

  @Test
  void theWebViewIsOnWithActionsForAdminTokensByDefault() {
    UiSettings settings = OptionsParsing.parse(new UiOptions(), Map.of()).settings();

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.actions()).isTrue();
    assertThat(OptionsParsing.parse(new UiOptions(), Map.of(), "--ui", "false").settings().actions()).isFalse();
    assertThat(OptionsParsing.parse(new UiOptions(), Map.of(), "--ui-actions", "false").settings().actions()).isFalse();
    assertThat(settings.maxClients()).isEqualTo(UiSettings.DEFAULT_MAX_CLIENTS);
  }

  @Test
  void eachSettingComesFromItsFlagOrItsVariable() {
    UiSettings flags = OptionsParsing.parse(new UiOptions(), Map.of(), "--ui-actions", "true", "--ui-max-clients", "4")
        .settings();
    assertThat(flags.actions()).isTrue();
    assertThat(flags.maxClients()).isEqualTo(4);

    UiSettings off = OptionsParsing.parse(new UiOptions(), Map.of("HERALD_UI", "false")).settings();
    assertThat(off.enabled()).isFalse();
    assertThat(OptionsParsing.parse(new UiOptions(), Map.of("HERALD_UI_ACTIONS", "true", "HERALD_UI_MAX_CLIENTS", "9"))
        .settings()).extracting(UiSettings::actions, UiSettings::maxClients).containsExactly(true, 9);
  }

  @Test
  void actionsWithTheViewOffStopTheStart() {
    assertThatThrownBy(() -> OptionsParsing.parse(new UiOptions(), Map.of(), "--ui", "false", "--ui-actions", "true")
        .settings()).hasMessageContaining("--ui-actions needs the web view on");
  }

  @Test
  void upServesTheWebViewUnlessItIsTurnedOff() {
    HeraldCommand.Up on = OptionsParsing.up(Map.of());
    try (Herald herald = on.configured(on.settings())) {
      assertThat(herald.webView()).isTrue();
    }
    HeraldCommand.Up off = OptionsParsing.up(Map.of(), "--ui", "false");
    try (Herald herald = off.configured(off.settings())) {
      assertThat(herald.webView()).isFalse();
    }
  }
}
