package dev.herald.common.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

  @TempDir
  Path dir;

  private final Clock now = Clock.systemUTC();

  @Test
  void aPairIsGeneratedForTheSipHostAndLocalhostAndItsKeyIsReadableByItsOwnerOnly() throws Exception {
    SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir.resolve("tls"), "sip.example.com", now);

    PemFiles.KeyPairFiles loaded = PemFiles.keyPair(pair.certificate(), pair.key());
    X509Certificate certificate = loaded.chain().get(0);
    List<Object> names = certificate.getSubjectAlternativeNames().stream().map(name -> (Object) name.get(1)).toList();
    assertThat(names).contains("sip.example.com", "localhost", "127.0.0.1");
    assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    if (Files.getFileStore(pair.key()).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(pair.key()))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
  }

  @Test
  void anAddressAsSipHostIsNamedAsAnAddress() throws Exception {
    SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir, "192.0.2.7", now);

    assertThat(PemFiles.certificates(pair.certificate()).get(0).getSubjectAlternativeNames())
        .contains(List.of(7, "192.0.2.7"));
  }

  @Test
  void theNextStartReusesThePair() throws Exception {
    SelfSignedCertificate.PemPair first = SelfSignedCertificate.ensure(dir, "127.0.0.1", now);
    byte[] certificate = Files.readAllBytes(first.certificate());
    byte[] key = Files.readAllBytes(first.key());

    SelfSignedCertificate.PemPair second = SelfSignedCertificate.ensure(dir, "127.0.0.1", now);

    assertThat(Files.readAllBytes(second.certificate())).isEqualTo(certificate);
    assertThat(Files.readAllBytes(second.key())).isEqualTo(key);
  }

  @Test
  void aPairThatHasExpiredIsReplaced() throws Exception {
    Instant longAgo = now.instant().minus(SelfSignedCertificate.VALIDITY).minus(Duration.ofDays(2));
    SelfSignedCertificate.PemPair old = SelfSignedCertificate.ensure(dir, "127.0.0.1",
        Clock.fixed(longAgo, ZoneOffset.UTC));
    byte[] expired = Files.readAllBytes(old.certificate());

    SelfSignedCertificate.PemPair renewed = SelfSignedCertificate.ensure(dir, "127.0.0.1", now);

    assertThat(Files.readAllBytes(renewed.certificate())).isNotEqualTo(expired);
    assertThat(PemFiles.certificates(renewed.certificate()).get(0).getNotAfter().toInstant())
        .isAfter(now.instant().plus(Duration.ofDays(365)));
    assertThat(Set.of(Files.list(dir).map(p -> p.getFileName().toString()).toArray()))
        .containsExactlyInAnyOrder(SelfSignedCertificate.CERTIFICATE_FILE, SelfSignedCertificate.KEY_FILE);
  }
}
