package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.edge.auth.AuthSettings;
import dev.herald.edge.auth.DigestAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuthOptionsTest {

  @TempDir
  Path dataDir;

  private static AuthOptions parse(Map<String, String> env, String... args) {
    HeraldCommand.Up up = new HeraldCommand.Up();
    CommandLine cli = new CommandLine(up);
    cli.setDefaultValueProvider(new SettingsSource(env, new java.util.Properties()));
    cli.parseArgs(args);
    return up.auth;
  }

  @Test
  void withoutDomainsAuthenticationIsOffAndNoSecretIsWritten() {
    assertThat(parse(Map.of()).settings(dataDir).enabled()).isFalse();
    assertThat(dataDir.resolve(AuthOptions.SECRET_FILE)).doesNotExist();
  }

  @Test
  void domainsComeFromTheVariableAsACommaList() {
    AuthSettings settings = parse(Map.of("HERALD_AUTH_DOMAINS", "example.com, Example.org", "HERALD_NONCE_LIFETIME", "60"))
        .settings(dataDir);

    assertThat(settings.domains()).containsExactlyInAnyOrder("example.com", "example.org");
    assertThat(settings.nonceLifetime()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void theOfferedAlgorithmsAndTheirOrderAreASetting() {
    assertThat(parse(Map.of(), "--auth-domains", "example.com").settings(dataDir).algorithms())
        .containsExactly(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
    assertThat(parse(Map.of("HERALD_AUTH_ALGORITHMS", "MD5"), "--auth-domains", "example.com").settings(dataDir)
        .algorithms()).containsExactly(DigestAlgorithm.MD5);
    assertThatThrownBy(() -> parse(Map.of(), "--auth-domains", "example.com", "--auth-algorithms", "SHA-1")
        .settings(dataDir)).hasMessageContaining("SHA-1");
  }

  @Test
  void aSecretIsGeneratedAtFirstStartAndKeptForTheNext() throws Exception {
    AuthSettings first = parse(Map.of(), "--auth-domains", "example.com").settings(dataDir);
    AuthSettings second = parse(Map.of(), "--auth-domains", "example.com").settings(dataDir);

    assertThat(first.nonceSecret()).hasSizeGreaterThanOrEqualTo(32).isEqualTo(second.nonceSecret());
    assertThat(Files.readString(dataDir.resolve(AuthOptions.SECRET_FILE))).matches("[0-9a-f]{64}\\n");
  }

  @Test
  void aGivenSecretWinsOverTheStoredOneAndATooShortOneIsRefused() {
    String hex = "ab".repeat(32);
    assertThat(parse(Map.of(), "--auth-domains", "example.com", "--auth-secret", hex).settings(dataDir).nonceSecret())
        .isEqualTo(AuthSettings.decodeSecret(hex));
    assertThatThrownBy(() -> parse(Map.of(), "--auth-domains", "example.com", "--auth-secret", "abcd")
        .settings(dataDir)).hasMessageContaining("at least 32 bytes");
  }
}
