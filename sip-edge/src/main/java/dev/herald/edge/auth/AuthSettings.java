package dev.herald.edge.auth;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Digest authentication at the edge.
 *
 * @param domains the domains whose users must authenticate; empty switches authentication off
 * @param nonceSecret the HMAC key nonces are signed with; edges that share it accept each other's nonces
 * @param nonceLifetime how long a nonce is good; an older one with correct credentials gets {@code stale=true}
 * @param nonceClockSkew how far in the future another edge's nonce may be dated (clocks differ)
 * @param replayCacheEntries most (nonce, cnonce, nc) triples this edge remembers; size it to at least
 *     the authenticated request rate times the nonce lifetime, else the oldest are forgotten first
 * @param algorithms the algorithms challenges offer, most preferred first (RFC 8760 §2.4); an answer
 *     with another one is challenged again
 */
public record AuthSettings(
    Set<String> domains, byte[] nonceSecret, Duration nonceLifetime, Duration nonceClockSkew, int replayCacheEntries,
    List<DigestAlgorithm> algorithms) {

  public static final int MIN_SECRET_BYTES = 32;
  public static final Duration DEFAULT_NONCE_LIFETIME = Duration.ofSeconds(300);
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(10);
  public static final int DEFAULT_REPLAY_CACHE_ENTRIES = 200_000;
  /** RFC 8760 §2.4: SHA-256 first; MD5 still offered for phones without it. */
  public static final List<DigestAlgorithm> DEFAULT_ALGORITHMS = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);

  public AuthSettings {
    Objects.requireNonNull(domains, "domains");
    Objects.requireNonNull(nonceSecret, "nonceSecret");
    Objects.requireNonNull(nonceLifetime, "nonceLifetime");
    Objects.requireNonNull(nonceClockSkew, "nonceClockSkew");
    domains = domains.stream().map(String::strip).map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    if (domains.stream().anyMatch(d -> !d.matches("[a-z0-9.-]+|\\[[0-9a-f:.]+]"))) {
      throw new IllegalArgumentException("auth domains must be host names, were " + domains);
    }
    if (nonceSecret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "nonce secret must be at least " + MIN_SECRET_BYTES + " bytes, was " + nonceSecret.length);
    }
    nonceSecret = nonceSecret.clone();
    if (nonceLifetime.compareTo(Duration.ofSeconds(1)) < 0 || nonceLifetime.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("nonce lifetime must be 1 s to 1 day, was " + nonceLifetime);
    }
    if (nonceClockSkew.isNegative() || nonceClockSkew.compareTo(nonceLifetime) > 0) {
      throw new IllegalArgumentException("nonce clock skew must be 0 to the nonce lifetime, was " + nonceClockSkew);
    }
    if (replayCacheEntries < 1) {
      throw new IllegalArgumentException("replay cache entries must be at least 1, was " + replayCacheEntries);
    }
    algorithms = List.copyOf(algorithms);
    if (algorithms.isEmpty() || Set.copyOf(algorithms).size() != algorithms.size()) {
      throw new IllegalArgumentException("digest algorithms must be one or more, each once, were " + algorithms);
    }
  }

  /** Authentication for these domains with the default limits. */
  public static AuthSettings of(Set<String> domains, byte[] nonceSecret, Duration nonceLifetime) {
    return new AuthSettings(domains, nonceSecret, nonceLifetime, DEFAULT_CLOCK_SKEW, DEFAULT_REPLAY_CACHE_ENTRIES,
        DEFAULT_ALGORITHMS);
  }

  /** These settings offering {@code newAlgorithms}, in that order. */
  public AuthSettings withAlgorithms(List<DigestAlgorithm> newAlgorithms) {
    return new AuthSettings(domains, nonceSecret, nonceLifetime, nonceClockSkew, replayCacheEntries, newAlgorithms);
  }

  /** Algorithm names as a setting writes them, e.g. {@code SHA-256,MD5}. */
  public static List<DigestAlgorithm> parseAlgorithms(String text) {
    List<DigestAlgorithm> parsed = new java.util.ArrayList<>();
    for (String token : text.split(",")) {
      if (!token.isBlank()) {
        parsed.add(DigestAlgorithm.fromToken(token).orElseThrow(() -> new IllegalArgumentException(
            "unknown digest algorithm '" + token.strip() + "': SHA-256 or MD5")));
      }
    }
    return parsed;
  }

  /** No domain needs authentication. */
  public static AuthSettings off() {
    return of(Set.of(), new byte[MIN_SECRET_BYTES], DEFAULT_NONCE_LIFETIME);
  }

  public boolean enabled() {
    return !domains.isEmpty();
  }

  public boolean protects(String domain) {
    return domain != null && domains.contains(domain.toLowerCase(Locale.ROOT));
  }

  @Override
  public byte[] nonceSecret() {
    return nonceSecret.clone();
  }

  /** A secret written as hex (64 digits or more) or base64 / base64url. */
  public static byte[] decodeSecret(String text) {
    String value = text.strip();
    if (value.matches("(?i)[0-9a-f]+") && value.length() % 2 == 0) {
      return HexFormat.of().parseHex(value);
    }
    try {
      return value.contains("-") || value.contains("_")
          ? Base64.getUrlDecoder().decode(value) : Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("auth secret must be hex or base64", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AuthSettings that && domains.equals(that.domains)
        && Arrays.equals(nonceSecret, that.nonceSecret) && nonceLifetime.equals(that.nonceLifetime)
        && nonceClockSkew.equals(that.nonceClockSkew) && replayCacheEntries == that.replayCacheEntries;
  }

  @Override
  public int hashCode() {
    return Objects.hash(domains, Arrays.hashCode(nonceSecret), nonceLifetime, nonceClockSkew, replayCacheEntries);
  }

  @Override
  public String toString() {
    return "AuthSettings[domains=" + domains + ", nonceLifetime=" + nonceLifetime + ", nonceClockSkew="
        + nonceClockSkew + ", replayCacheEntries=" + replayCacheEntries + "]";
  }
}
