package dev.herald.loadgen;

/**
 * What every mode needs: where the server is, where the tool binds (host "0.0.0.0" or "::"
 * means the address that routes to the target), the domain and user names of the URIs, the
 * run id that every identifier carries, and the host its requests name in their Via and Contact
 * ({@code contactHost}, null for the socket's own address; another one stands in for a phone
 * behind a NAT).
 */
record CommonConfig(Endpoint target, Endpoint local, String domain, String userPrefix, String runId,
    String contactHost) {

  /** Requests name the socket's own address. */
  CommonConfig(Endpoint target, Endpoint local, String domain, String userPrefix, String runId) {
    this(target, local, domain, userPrefix, runId, null);
  }

  CommonConfig {
    if (target.port() == 0) {
      throw new IllegalArgumentException("target needs a port");
    }
    if (domain == null || domain.isBlank() || !domain.chars().allMatch(c -> c > ' ' && c < 127)) {
      throw new IllegalArgumentException("domain must be non-empty ASCII without spaces: " + domain);
    }
    if (userPrefix == null || !userPrefix.chars().allMatch(c -> c > ' ' && c < 127 && c != '@' && c != ':')) {
      throw new IllegalArgumentException("user prefix must be ASCII without spaces, '@' or ':': " + userPrefix);
    }
    if (runId == null || !runId.matches("[a-z0-9]{1,16}")) {
      throw new IllegalArgumentException("run id must be 1 to 16 of a-z, 0-9: " + runId);
    }
    if (contactHost != null && !contactHost.matches("[A-Za-z0-9.:\\[\\]-]+")) {
      throw new IllegalArgumentException("contact host must be a host name or an IP address: " + contactHost);
    }
  }

  /** A fresh run id: 8 characters of a-z, 0-9. */
  static String newRunId() {
    StringBuilder id = new StringBuilder(8);
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int i = 0; i < 8; i++) {
      id.append(Character.forDigit(random.nextInt(36), 36));
    }
    return id.toString();
  }
}
