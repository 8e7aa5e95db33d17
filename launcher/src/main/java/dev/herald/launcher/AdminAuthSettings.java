package dev.herald.launcher;

import dev.herald.common.admin.AdminAuth;
import dev.herald.common.admin.AdminTokens;
import dev.herald.common.sip.SipTls;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Who may use the admin port, and whether it serves HTTPS.
 *
 * @param required whether every route but liveness needs a token ({@code --admin-auth token}); false only
 *     with {@code --admin-auth none}, warned about at every start
 * @param tokens the token file; none: {@value #TOKENS_FILE} in the data directory, made with a generated
 *     admin token at the first start. One given is used as it is (several nodes share it) and must exist
 * @param tlsCertificate PEM file of the admin port's certificate, its chain after it; given: HTTPS only
 * @param tlsKey PEM file of its private key; given exactly when {@code tlsCertificate} is
 */
public record AdminAuthSettings(boolean required, Optional<Path> tokens, Optional<Path> tlsCertificate,
    Optional<Path> tlsKey) {

  /** The token file in the data directory, when {@code --admin-tokens} names none. */
  public static final String TOKENS_FILE = "admin-tokens.json";
  /** The file of the data directory holding the admin token generated at the first start. */
  public static final String GENERATED_TOKEN_FILE = "admin-token";
  /** The name of the generated token. */
  public static final String GENERATED_TOKEN_NAME = "admin";

  public AdminAuthSettings {
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(tlsCertificate, "tlsCertificate");
    Objects.requireNonNull(tlsKey, "tlsKey");
    if (!required && tokens.isPresent()) {
      throw new IllegalArgumentException("--admin-tokens needs --admin-auth token");
    }
    if (tlsCertificate.isPresent() != tlsKey.isPresent()) {
      throw new IllegalArgumentException("--admin-tls-cert and --admin-tls-key go together: give both, or neither"
          + " for plain HTTP");
    }
  }

  /** Tokens in the data directory, plain HTTP: what {@code herald up} and a Herald built in code run with. */
  public static AdminAuthSettings defaults() {
    return new AdminAuthSettings(true, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** No authentication at all (warned about at start). */
  public static AdminAuthSettings none() {
    return new AdminAuthSettings(false, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** These settings with HTTPS from these PEM files. */
  public AdminAuthSettings withTls(Path certificate, Path key) {
    return new AdminAuthSettings(required, tokens, Optional.of(certificate), Optional.of(key));
  }

  /** The value of {@code --admin-auth}: {@code token} (true) or {@code none} (false). */
  static boolean parseMode(String mode) {
    return switch (mode == null ? "" : mode.strip().toLowerCase(Locale.ROOT)) {
      case "token" -> true;
      case "none" -> false;
      default -> throw new IllegalArgumentException("--admin-auth must be token or none, was '" + mode + "'");
    };
  }

  /** The token file of a Herald with {@code dataDir}. */
  public AdminTokens tokenStore(Path dataDir) {
    return AdminTokens.at(tokens.orElseGet(() -> dataDir.resolve(TOKENS_FILE)));
  }

  /** The authentication of the admin port. */
  AdminAuth auth(Path dataDir) {
    return required ? AdminAuth.tokens(tokenStore(dataDir)) : AdminAuth.none();
  }

  /** The HTTPS context, if the admin port serves HTTPS. */
  Optional<SSLContext> tls() throws GeneralSecurityException, IOException {
    if (tlsCertificate.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(SipTls.of(tlsCertificate.get().toAbsolutePath(), tlsKey.orElseThrow().toAbsolutePath())
        .serverContext());
  }
}
