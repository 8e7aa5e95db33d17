package dev.herald.common.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Certificates and private keys from PEM files (RFC 7468), as operators get them from their CA or
 * from openssl: a certificate file may hold the whole chain, leaf first; a key may be PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}). An
 * encrypted key is refused: Herald has no passphrase to open it with.
 */
public final class PemFiles {

  private PemFiles() {}

  /** Every certificate in {@code file}, in order; at least one. */
  public static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = factory.generateCertificates(in).stream().map(X509Certificate.class::cast).toList();
    } catch (CertificateException e) {
      throw new CertificateException(file + ": not a PEM certificate file (" + e.getMessage() + ")", e);
    }
    if (certificates.isEmpty()) {
      throw new CertificateException(file + ": no certificate in it");
    }
    return certificates;
  }

  /** The one private key in {@code file}. */
  public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (item instanceof PEMKeyPair pair) {
          // The private key alone: a SEC1 EC key need not carry its public key.
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new GeneralSecurityException(file + ": the private key is encrypted; give it unencrypted"
              + " (e.g. openssl pkey -in KEY -out KEY.plain) and readable by Herald only");
        }
      }
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    throw new GeneralSecurityException(file + ": no private key in it (PEM PRIVATE KEY, RSA PRIVATE KEY or"
        + " EC PRIVATE KEY)");
  }

  /** A certificate chain and the private key of its first certificate. */
  public record KeyPairFiles(PrivateKey key, List<X509Certificate> chain) {
    public KeyPairFiles {
      chain = List.copyOf(chain);
    }

    public Certificate[] chainArray() {
      return chain.toArray(new Certificate[0]);
    }
  }

  /**
   * The chain of {@code certificateFile} and the key of {@code keyFile}, checked to belong
   * together: the first certificate's public key must be the key's.
   */
  public static KeyPairFiles keyPair(Path certificateFile, Path keyFile) throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = certificates(certificateFile);
    PrivateKey key = privateKey(keyFile);
    if (!matches(chain.get(0), key)) {
      throw new GeneralSecurityException(keyFile + " is not the key of the certificate in " + certificateFile);
    }
    return new KeyPairFiles(key, chain);
  }

  /** Whether {@code key} signs what {@code certificate}'s public key verifies. */
  static boolean matches(X509Certificate certificate, PrivateKey key) throws GeneralSecurityException {
    String algorithm = certificate.getPublicKey().getAlgorithm();
    if (!algorithm.equals(key.getAlgorithm())) {
      return false;
    }
    String signature = switch (algorithm) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "Ed448" -> algorithm;
      default -> throw new GeneralSecurityException("unsupported key algorithm " + algorithm);
    };
    byte[] probe = "herald key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.security.Signature signer = java.security.Signature.getInstance(signature);
    signer.initSign(key);
    signer.update(probe);
    byte[] signed = signer.sign();
    java.security.Signature verifier = java.security.Signature.getInstance(signature);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(probe);
    return verifier.verify(signed);
  }
}
