package dev.herald.kafka.embedded;

import dev.herald.common.tls.PemFiles;
import dev.herald.common.tls.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;

/**
 * The SASL_SSL listener's self-signed certificate, in the broker's data directory: {@value #KEY_STORE}
 * (the PKCS#8 key, then the certificate: a PEM key store) for the broker, {@value #CERTIFICATE} (the
 * certificate alone: a PEM trust store) for its clients. Made at the first start, reused after it,
 * so clients told to trust it keep trusting it.
 */
final class BrokerCertificate {

  static final String DIRECTORY = "sasl-ssl";
  static final String KEY_STORE = "broker-key-store.pem";
  static final String CERTIFICATE = "broker-certificate.pem";

  private BrokerCertificate() {}

  /** The key store file in {@code directory}, made for {@code host} unless there. */
  static Path ensure(Path directory, String host) {
    Path keyStore = directory.resolve(KEY_STORE);
    Path certificate = certificate(directory);
    if (Files.exists(keyStore) && Files.exists(certificate)) {
      return keyStore;
    }
    try {
      PemFiles.KeyPairFiles pair = SelfSignedCertificate.generate(host, Clock.systemUTC());
      String certificatePem = pem("CERTIFICATE", pair.chain().get(0).getEncoded());
      Files.createDirectories(directory);
      Files.deleteIfExists(keyStore);
      if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(keyStore, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(keyStore, pem("PRIVATE KEY", pair.key().getEncoded()) + certificatePem,
          StandardCharsets.US_ASCII);
      Files.writeString(certificate, certificatePem, StandardCharsets.US_ASCII);
      return keyStore;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the SASL_SSL certificate into " + directory, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the SASL_SSL certificate: " + e.getMessage(), e);
    }
  }

  /** The certificate file, a PEM trust store for clients, in {@code directory}. */
  static Path certificate(Path directory) {
    return directory.resolve(CERTIFICATE);
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
