package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.admin.AdminTokens;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminAuthOptionsTest {

  private static AdminAuthSettings parse(Map<String, String> env, String... args) {
    return OptionsParsing.parse(new AdminAuthOptions(), env, args).settings();
  }

  @Test
  void tokensInTheDataDirectoryAndPlainHttpByDefault() {
    AdminAuthSettings settings = parse(Map.of());

    assertThat(settings).isEqualTo(AdminAuthSettings.defaults());
    assertThat(settings.required()).isTrue();
    assertThat(settings.tokenStore(Path.of("data")).file())
        .isEqualTo(Path.of("data", AdminAuthSettings.TOKENS_FILE).toAbsolutePath());
  }

  @Test
  void eachSettingComesFromItsFlagOrItsVariable() {
    AdminAuthSettings flags = parse(Map.of(), "--admin-tokens", "/etc/herald/tokens.json", "--admin-tls-cert", "c.pem",
        "--admin-tls-key", "k.pem");
    assertThat(flags.tokens()).hasValue(Path.of("/etc/herald/tokens.json"));
    assertThat(flags.tlsCertificate()).hasValue(Path.of("c.pem"));
    assertThat(flags.tlsKey()).hasValue(Path.of("k.pem"));

    AdminAuthSettings variables = parse(Map.of("HERALD_ADMIN_AUTH", "none"));
    assertThat(variables.required()).isFalse();
    assertThat(parse(Map.of("HERALD_ADMIN_TOKENS", "shared.json")).tokenStore(Path.of("data")).file())
        .isEqualTo(AdminTokens.at(Path.of("shared.json")).file());
  }

  @Test
  void theModeIsTokenOrNone() {
    assertThat(parse(Map.of(), "--admin-auth", "TOKEN").required()).isTrue();
    assertThatThrownBy(() -> parse(Map.of(), "--admin-auth", "basic"))
        .hasMessageContaining("--admin-auth must be token or none");
  }

  @Test
  void aCertificateNeedsItsKeyAndTheKeyItsCertificate() {
    assertThatThrownBy(() -> parse(Map.of(), "--admin-tls-cert", "c.pem")).hasMessageContaining("go together");
    assertThatThrownBy(() -> parse(Map.of(), "--admin-tls-key", "k.pem")).hasMessageContaining("go together");
  }

  @Test
  void aTokenFileWithoutTokensIsRefused() {
    assertThatThrownBy(() -> parse(Map.of(), "--admin-auth", "none", "--admin-tokens", "t.json"))
        .hasMessageContaining("--admin-tokens needs --admin-auth token");
    assertThatThrownBy(() -> new AdminAuthSettings(false, Optional.of(Path.of("t.json")), Optional.empty(),
        Optional.empty())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void upTakesTheAdminPortsSettings() {
    HeraldCommand.Up up = OptionsParsing.up(Map.of("HERALD_ADMIN_AUTH", "none"));

    assertThat(up.adminAuth.settings()).isEqualTo(AdminAuthSettings.none());
  }
}
