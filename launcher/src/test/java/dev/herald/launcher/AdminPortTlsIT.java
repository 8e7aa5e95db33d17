package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.common.tls.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin port with {@code --admin-tls-cert} and {@code --admin-tls-key}: HTTPS, and the CLI reaching it. */
class AdminPortTlsIT {

  @TempDir
  Path dataDir;

  @TempDir
  Path certificates;

  @Test
  void anAdminPortWithACertificateServesHttpsAndTheCliTrustsItThroughItsCa() throws Exception {
    SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(certificates, "127.0.0.1", Clock.systemUTC());
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    try (Herald herald = new Herald(settings)
        .withAdminAuth(AdminAuthSettings.defaults().withTls(pair.certificate(), pair.key())).start()) {
      assertThat(herald.adminScheme()).isEqualTo("https");

      Map<String, String> https = Map.of("HERALD_ADMIN_PORT", Integer.toString(herald.adminPort()),
          "HERALD_DATA_DIR", dataDir.toString(), "HERALD_ADMIN_TLS_CA", pair.certificate().toString());
      await().atMost(SipChecks.ANSWER).until(() -> CliRun.run(https, "health").exitCode() == 0);
      CliRun health = CliRun.run(https, "health");
      CliRun plain = CliRun.run(Map.of("HERALD_ADMIN_PORT", Integer.toString(herald.adminPort()),
          "HERALD_DATA_DIR", dataDir.toString()), "health");

      assertThat(health.exitCode()).as("%s", health).isZero();
      assertThat(health.out()).startsWith("UP");
      assertThat(plain.exitCode()).as("plain HTTP gets no answer from an HTTPS port").isNotZero();
    }
  }
}
