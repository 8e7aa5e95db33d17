package dev.herald.launcher.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UiSettingsTest {

  @Test
  void theDefaultIsOnWithActionsForAdminTokens() {
    assertThat(UiSettings.defaults().enabled()).isTrue();
    assertThat(UiSettings.defaults().actions()).isTrue();
    assertThat(UiSettings.off().enabled()).isFalse();
    assertThat(UiSettings.off().actions()).isFalse();
  }

  @Test
  void actionsNeedTheViewOn() {
    assertThatThrownBy(() -> new UiSettings(false, true, 32, 1024))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--ui-actions");
    assertThat(new UiSettings(true, true, 32, 1024).actions()).isTrue();
  }

  @Test
  void maxClientsIsOneToAThousand() {
    assertThatThrownBy(() -> new UiSettings(true, false, 0, 1024)).hasMessageContaining("--ui-max-clients");
    assertThatThrownBy(() -> new UiSettings(true, false, 1001, 1024)).hasMessageContaining("--ui-max-clients");
    assertThat(new UiSettings(true, false, 1, 1024).maxClients()).isEqualTo(1);
    assertThat(new UiSettings(true, false, 1000, 1024).maxClients()).isEqualTo(1000);
  }

  @Test
  void theClientQueueIsSixteenToAHundredThousand() {
    assertThatThrownBy(() -> new UiSettings(true, false, 32, 15)).hasMessageContaining("16..100000");
    assertThatThrownBy(() -> new UiSettings(true, false, 32, 100_001)).hasMessageContaining("16..100000");
    assertThat(new UiSettings(true, false, 32, 16).clientQueue()).isEqualTo(16);
  }
}
