package dev.herald.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

  @TempDir
  Path dir;

  @Test
  void aPkcs8KeyAsTheJdkWritesItLoadsWithItsCertificate() throws Exception {
    KeyPair pair = SelfSignedCertificate.generateKeyPair();
    X509Certificate certificate = SelfSignedCertificate.certificate(pair, "sip.example.com", Instant.now());
    Path cert = write("cert.pem", SelfSignedCertificate.pem(certificate));
    Path key = write("key.pem", "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");

    PemFiles.KeyPairFiles loaded = PemFiles.keyPair(cert, key);

    assertThat(loaded.chain()).containsExactly(certificate);
    assertThat(loaded.key().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
  }

  @Test
  void aPkcs1RsaKeyLoads() throws Exception {
    KeyPair pair = SelfSignedCertificate.generateKeyPair();
    String pem = SelfSignedCertificate.pem(pair.getPrivate());
    assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    assertThat(PemFiles.privateKey(write("rsa.pem", pem)).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
  }

  @Test
  void aSec1EcKeyLoads() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    // As openssl ecparam -genkey writes it: the curve inside the SEC1 structure.
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
    ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
    ECPrivateKey sec1 = new ECPrivateKey(256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters());
    String pem = "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(
        sec1.getEncoded()) + "\n-----END EC PRIVATE KEY-----\n";

    assertThat(PemFiles.privateKey(write("ec.pem", pem)).getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void aCertificateFileMayHoldTheWholeChainLeafFirst() throws Exception {
    X509Certificate leaf = SelfSignedCertificate.certificate(SelfSignedCertificate.generateKeyPair(), "a", Instant.now());
    X509Certificate ca = SelfSignedCertificate.certificate(SelfSignedCertificate.generateKeyPair(), "b", Instant.now());

    assertThat(PemFiles.certificates(write("chain.pem", SelfSignedCertificate.pem(leaf) + SelfSignedCertificate.pem(ca))))
        .containsExactly(leaf, ca);
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() throws Exception {
    X509Certificate certificate = SelfSignedCertificate.certificate(SelfSignedCertificate.generateKeyPair(), "a",
        Instant.now());
    Path cert = write("cert.pem", SelfSignedCertificate.pem(certificate));
    Path other = write("other.pem", SelfSignedCertificate.pem(SelfSignedCertificate.generateKeyPair().getPrivate()));

    assertThatThrownBy(() -> PemFiles.keyPair(cert, other)).isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("is not the key of the certificate");
  }

  @Test
  void anEncryptedKeyIsRefusedWithHowToDecryptIt() throws Exception {
    KeyPair pair = SelfSignedCertificate.generateKeyPair();
    OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
        .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).setPassword("secret".toCharArray()).build();
    java.io.StringWriter out = new java.io.StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new JcaPKCS8Generator(pair.getPrivate(), encryptor));
    }

    assertThatThrownBy(() -> PemFiles.privateKey(write("encrypted.pem", out.toString())))
        .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("encrypted");
  }

  @Test
  void filesWithoutWhatIsAskedForAreRefusedNamingTheFile() throws Exception {
    Path empty = write("empty.pem", "nothing here\n");

    assertThatThrownBy(() -> PemFiles.privateKey(empty)).hasMessageContaining("empty.pem").hasMessageContaining(
        "no private key");
    assertThatThrownBy(() -> PemFiles.certificates(empty)).hasMessageContaining("empty.pem");
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }
}
