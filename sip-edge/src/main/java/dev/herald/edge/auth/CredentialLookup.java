package dev.herald.edge.auth;

import dev.herald.avro.Credential;
import java.util.Optional;

/** Finds a user's credential by {@code username@realm}, the key of herald.credentials. */
@FunctionalInterface
public interface CredentialLookup {

  Optional<Credential> find(String username, String realm);

  static String key(String username, String realm) {
    return username + "@" + realm;
  }
}
