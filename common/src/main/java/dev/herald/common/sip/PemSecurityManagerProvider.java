package dev.herald.common.sip;

import dev.herald.common.tls.PemFiles;
import gov.nist.core.net.SecurityManagerProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * JAIN-SIP's key and trust managers from the PEM files {@link SipTls} names in the stack
 * properties, in place of its default provider, which reads the JVM-wide {@code javax.net.ssl.*}
 * settings. As a server it presents the certificate and checks client certificates against the
 * client CAs (none given: it trusts no client certificate). As a client, opening a TLS connection
 * to a phone's Contact, it presents the same certificate and checks the phone's against the JDK's
 * trusted CAs.
 *
 * <p>JAIN-SIP instantiates it through its public no-argument constructor. A stack without the PEM
 * properties gets no managers: it serves no TLS.
 */
public final class PemSecurityManagerProvider implements SecurityManagerProvider {

  private KeyManager[] keyManagers;
  private TrustManager[] serverTrust;
  private TrustManager[] clientTrust;

  public PemSecurityManagerProvider() {
    // JAIN-SIP creates the provider by reflection.
  }

  @Override
  public void init(Properties properties) throws GeneralSecurityException, IOException {
    String certificate = properties.getProperty(SipTls.CERTIFICATE);
    String key = properties.getProperty(SipTls.PRIVATE_KEY);
    if (certificate == null || key == null) {
      return;
    }
    PemFiles.KeyPairFiles pair = PemFiles.keyPair(Path.of(certificate), Path.of(key));
    char[] password = new char[0];
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("sip", pair.key(), password, pair.chainArray());
    KeyManagerFactory keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyFactory.init(keys, password);
    keyManagers = keyFactory.getKeyManagers();

    String clientCa = properties.getProperty(SipTls.CLIENT_CA);
    serverTrust = clientCa == null ? new TrustManager[] {TRUST_NO_CLIENT} : trusting(PemFiles.certificates(Path.of(clientCa)));
    TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    jdk.init((KeyStore) null);
    clientTrust = jdk.getTrustManagers();
  }

  private static TrustManager[] trusting(List<X509Certificate> authorities) throws GeneralSecurityException,
      IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    for (int i = 0; i < authorities.size(); i++) {
      store.setCertificateEntry("ca-" + i, authorities.get(i));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  @Override
  public KeyManager[] getKeyManagers(boolean client) {
    return keyManagers;
  }

  @Override
  public TrustManager[] getTrustManagers(boolean client) {
    return client ? clientTrust : serverTrust;
  }

  /** No client CA given: no client certificate is trusted (none is asked for either). */
  private static final X509TrustManager TRUST_NO_CLIENT = new X509TrustManager() {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("no client CA configured");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("not a client trust manager");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  };
}
