package dev.herald.edge.auth;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
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
 */
public record AuthSettings(
    Set<String> domains, byte[] nonceSecret, Duration nonceLifetime, Duration nonceClockSkew, int replayCacheEntries) {

  public static final int MIN_SECRET_BYTES = 32;
  public static final Duration DEFAULT_NONCE_LIFETIME = Duration.ofSeconds(300);
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(10);
  public static final int DEFAULT_REPLAY_CACHE_ENTRIES = 200_000;

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
  }

  /** Authentication for these domains with the default limits. */
  public static AuthSettings of(Set<String> domains, byte[] nonceSecret, Duration nonceLifetime) {
    return new AuthSettings(domains, nonceSecret, nonceLifetime, DEFAULT_CLOCK_SKEW, DEFAULT_REPLAY_CACHE_ENTRIES);
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
