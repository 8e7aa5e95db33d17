package dev.herald.launcher;

import dev.herald.edge.auth.AuthSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** The authentication flags of {@code herald up}; see {@link AuthSettings}. */
final class AuthOptions {

  /** Where the one-command run keeps a generated nonce secret, inside the data directory. */
  static final String SECRET_FILE = "auth-secret";

  @Option(names = "--auth-domains", defaultValue = "",
      description = "comma list of domains whose users must authenticate; empty: off (HERALD_AUTH_DOMAINS)")
  String authDomains;

  @Option(names = "--auth-secret",
      description = "nonce secret, hex or base64, at least 32 bytes; default: generated into the data directory"
          + " (HERALD_AUTH_SECRET)")
  String authSecret;

  @Option(names = "--auth-algorithms", defaultValue = "SHA-256,MD5",
      description = "digest algorithms offered, most preferred first; MD5,SHA-256 or MD5 for phones that give up"
          + " at a SHA-256 challenge, such as baresip 1.x (HERALD_AUTH_ALGORITHMS)")
  String authAlgorithms;

  @Option(names = "--nonce-lifetime", defaultValue = "300",
      description = "seconds a digest nonce is good for (HERALD_NONCE_LIFETIME)")
  int nonceLifetime;

  /** The settings, with the secret from the flag or, when absent, from (or newly into) {@code dataDir}. */
  AuthSettings settings(Path dataDir) {
    Set<String> domains = Arrays.stream(authDomains.split(",")).map(String::strip).filter(d -> !d.isEmpty())
        .collect(Collectors.toSet());
    if (domains.isEmpty()) {
      return AuthSettings.off();
    }
    byte[] secret = authSecret == null || authSecret.isBlank()
        ? storedSecret(dataDir.resolve(SECRET_FILE)) : AuthSettings.decodeSecret(authSecret);
    return AuthSettings.of(domains, secret, Duration.ofSeconds(nonceLifetime))
        .withAlgorithms(AuthSettings.parseAlgorithms(authAlgorithms));
  }

  /** The secret in {@code file}, made on first start, so nonces stay good across restarts. */
  static byte[] storedSecret(Path file) {
    try {
      if (Files.exists(file)) {
        return AuthSettings.decodeSecret(Files.readString(file));
      }
      byte[] secret = new byte[AuthSettings.MIN_SECRET_BYTES];
      new SecureRandom().nextBytes(secret);
      Files.createDirectories(file.getParent());
      Files.writeString(file, HexFormat.of().formatHex(secret) + "\n");
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the nonce secret " + file, e);
    }
  }
}
