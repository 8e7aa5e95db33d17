package dev.herald.launcher;

import dev.herald.common.tls.PemFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How a CLI command reaches a running Herald's admin API: its address, the token it sends and, for an
 * admin port serving HTTPS, the certificates it trusts. The token is, in this order, the file
 * {@code --token-file} names, the variable {@value #TOKEN_VARIABLE}, or the file Herald generated into
 * the data directory ({@link AdminAuthSettings#GENERATED_TOKEN_FILE}) when there is one; else none is sent.
 */
class AdminAccess extends HeraldCommand.AdminAddress {

  static final String TOKEN_VARIABLE = "HERALD_ADMIN_TOKEN";
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--token-file", description = "file holding the admin API token to send (HERALD_TOKEN_FILE);"
      + " default: HERALD_ADMIN_TOKEN, else <data dir>/" + AdminAuthSettings.GENERATED_TOKEN_FILE + " if it exists")
  Path tokenFile;

  @Option(names = "--data-dir", defaultValue = "herald-data",
      description = "data directory of the Herald on this host, whose generated admin token is sent by default"
          + " (HERALD_DATA_DIR)")
  Path dataDir;

  @Option(names = "--admin-tls-ca", description = "PEM file of the certificates to trust for an admin port serving"
      + " HTTPS (its CA, or its self-signed certificate); given: https (HERALD_ADMIN_TLS_CA)")
  Path adminTlsCa;

  private Map<String, String> environment;
  private HttpClient client;

  /** The variables the token may come from (by default those of the command's settings). */
  AdminAccess environment(Map<String, String> env) {
    this.environment = Map.copyOf(env);
    return this;
  }

  @Override
  URI uri(String path) {
    return URI.create((adminTlsCa != null ? "https" : "http") + "://" + adminHost + ":" + adminPort + path);
  }

  /** The token to send, if any. */
  Optional<String> token() {
    if (tokenFile != null) {
      return Optional.of(readToken(tokenFile));
    }
    Map<String, String> env = environment != null ? environment
        : mixee != null ? SettingsSource.environmentOf(mixee) : Map.of();
    String variable = env.get(TOKEN_VARIABLE);
    if (variable != null && !variable.isBlank()) {
      return Optional.of(variable.strip());
    }
    Path generated = dataDir.resolve(AdminAuthSettings.GENERATED_TOKEN_FILE);
    return Files.isReadable(generated) ? Optional.of(readToken(generated)) : Optional.empty();
  }

  private static String readToken(Path file) {
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (token.isEmpty() || token.contains("\n")) {
        throw new IllegalArgumentException("the token file " + file + " must hold one token");
      }
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token file " + file, e);
    }
  }

  HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri).GET());
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return send(request, DEFAULT_TIMEOUT);
  }

  /** Sends {@code request} with the token, waiting at most {@code timeout} for the answer. */
  HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) throws IOException, InterruptedException {
    token().ifPresent(token -> request.setHeader("Authorization", "Bearer " + token));
    HttpRequest built = request.timeout(timeout).build();
    try {
      return client().send(built, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IOException("no Herald answers at " + built.uri()
          + " (is it running? --admin-port / HERALD_ADMIN_PORT)", e);
    }
  }

  private synchronized HttpClient client() throws IOException {
    if (client == null) {
      HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
      if (adminTlsCa != null) {
        builder.sslContext(trusting(adminTlsCa));
      }
      client = builder.build();
    }
    return client;
  }

  /** A client context trusting the certificates of {@code pem} alone. */
  static SSLContext trusting(Path pem) throws IOException {
    try {
      List<X509Certificate> certificates = PemFiles.certificates(pem);
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("admin-ca-" + i, certificates.get(i));
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust the certificates of " + pem + ": " + e.getMessage(), e);
    }
  }
}
