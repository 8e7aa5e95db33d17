package dev.herald.launcher;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Flags of {@code herald up} for the admin port's authentication and TLS; see {@link AdminAuthSettings}. */
final class AdminAuthOptions {

  @Option(names = "--admin-auth", defaultValue = "token",
      description = "token: every admin route but /health/live needs a bearer token (bin/herald token); none: no"
          + " authentication, warned about at start (HERALD_ADMIN_AUTH)")
  String adminAuth;

  @Option(names = "--admin-tokens", description = "the admin token file, shared by every node of a cluster;"
      + " must exist (bin/herald token create --admin-tokens FILE); none: <data dir>/" + AdminAuthSettings.TOKENS_FILE
      + ", with an admin token generated at the first start (HERALD_ADMIN_TOKENS)")
  Path adminTokens;

  @Option(names = "--admin-tls-cert", description = "PEM file of the admin port's certificate, its chain after it;"
      + " given: the admin port serves HTTPS only (HERALD_ADMIN_TLS_CERT)")
  Path adminTlsCert;

  @Option(names = "--admin-tls-key", description = "PEM file of that certificate's private key, unencrypted"
      + " (HERALD_ADMIN_TLS_KEY)")
  Path adminTlsKey;

  AdminAuthSettings settings() {
    return new AdminAuthSettings(AdminAuthSettings.parseMode(adminAuth), Optional.ofNullable(adminTokens),
        Optional.ofNullable(adminTlsCert), Optional.ofNullable(adminTlsKey));
  }
}
