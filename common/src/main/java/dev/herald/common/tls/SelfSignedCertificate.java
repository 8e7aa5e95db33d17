package dev.herald.common.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate Herald serves TLS with when the operator gave none: an RSA 2048 key and a
 * self-signed certificate for the SIP host (and localhost), written as PEM into a directory of the
 * data directory and used again on the next start, so phones that were told to trust it keep
 * trusting it. A pair that has expired, or will within a day, is replaced. No phone trusts it
 * unless told to; every start that uses it logs a warning.
 */
public final class SelfSignedCertificate {

  private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificate.class);

  public static final String CERTIFICATE_FILE = "sip-tls-cert.pem";
  public static final String KEY_FILE = "sip-tls-key.pem";
  static final Duration VALIDITY = Duration.ofDays(3650);

  private SelfSignedCertificate() {}

  /** The certificate and key files in {@code directory}: the existing pair if it is still good, else a new one. */
  public static PemPair ensure(Path directory, String host, Clock clock) throws IOException, GeneralSecurityException {
    Path certificate = directory.resolve(CERTIFICATE_FILE);
    Path key = directory.resolve(KEY_FILE);
    PemPair files = new PemPair(certificate, key);
    if (Files.exists(certificate) && Files.exists(key)) {
      PemFiles.KeyPairFiles existing = PemFiles.keyPair(certificate, key);
      Instant notAfter = existing.chain().get(0).getNotAfter().toInstant();
      if (notAfter.isAfter(clock.instant().plus(Duration.ofDays(1)))) {
        log.warn("SIP over TLS uses the self-signed certificate {} made by an earlier start (no --tls-cert given);"
            + " phones must be told to trust it", certificate);
        return files;
      }
      log.warn("the self-signed certificate {} expires {}; making a new one", certificate, notAfter);
    }
    Files.createDirectories(directory);
    KeyPair pair = generateKeyPair();
    X509Certificate made = certificate(pair, host, clock.instant());
    writeAtomically(key, pem(pair.getPrivate()), true);
    writeAtomically(certificate, pem(made), false);
    log.warn("SIP over TLS uses a self-signed certificate, generated into {} (no --tls-cert given); phones must be"
        + " told to trust it, or give a certificate of your CA with --tls-cert and --tls-key", certificate);
    return files;
  }

  /**
   * A new RSA 2048 key and a self-signed certificate for {@code host} (and localhost and the
   * loopback addresses), in memory, for a TLS server other than SIP's.
   */
  public static PemFiles.KeyPairFiles generate(String host, Clock clock) throws GeneralSecurityException {
    KeyPair pair = generateKeyPair();
    return new PemFiles.KeyPairFiles(pair.getPrivate(), List.of(certificate(pair, host, clock.instant())));
  }

  /** The paths of a certificate file and its key file. */
  public record PemPair(Path certificate, Path key) {}

  static KeyPair generateKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, new SecureRandom());
    return generator.generateKeyPair();
  }

  /** A self-signed server certificate for {@code host}, valid from an hour before {@code now}. */
  static X509Certificate certificate(KeyPair pair, String host, Instant now) throws GeneralSecurityException {
    X500Name subject = new X500Name("CN=" + cnSafe(host) + ",O=Herald self-signed");
    BigInteger serial = new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
    try {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names(host)));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    } catch (IOException | OperatorCreationException e) {
      throw new GeneralSecurityException("cannot make a self-signed certificate: " + e.getMessage(), e);
    }
  }

  /** The subject alternative names: the host as an address or a name, localhost and the loopback addresses. */
  private static GeneralName[] names(String host) {
    Set<String> dns = new LinkedHashSet<>();
    Set<String> addresses = new LinkedHashSet<>();
    (isAddress(host) ? addresses : dns).add(host.replaceAll("^\\[|]$", ""));
    dns.add("localhost");
    addresses.add("127.0.0.1");
    addresses.add("::1");
    List<GeneralName> names = new ArrayList<>();
    dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
    addresses.forEach(a -> names.add(new GeneralName(GeneralName.iPAddress, a)));
    return names.toArray(new GeneralName[0]);
  }

  private static boolean isAddress(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  private static String cnSafe(String host) {
    return host.replaceAll("[^A-Za-z0-9.:\\-\\[\\]]", "_");
  }

  static String pem(Object item) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(item);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Writes {@code text} to a temporary file beside {@code target} (owner-only for a key), then moves it there. */
  private static void writeAtomically(Path target, String text, boolean secret) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    if (secret && temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      try {
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        // Deleted above; another start racing this one writes the same kind of file.
      }
    }
    Files.writeString(temp, text, StandardCharsets.US_ASCII);
    try {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
