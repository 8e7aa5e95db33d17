package dev.herald.registrant;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Keeps a worker's REGISTERs spread over time. An account's first REGISTER after the worker takes it
 * on lands in the slot its id hashes to within the spread window, as uac_registrant's hash table
 * and timer spread its records; and no two cycles start closer than {@code 1 s / maxPerSecond}, so
 * however many accounts fall due together they leave at the capped rate. Not thread-safe: used on
 * the worker's one scheduling thread.
 */
public final class Pacer {

  private final long windowMs;
  private final double intervalMs;
  private double nextFreeMs = Double.NEGATIVE_INFINITY;

  public Pacer(RegistrantConfig config) {
    this(config.spreadWindow().toMillis(), config.maxRegistersPerSecond());
  }

  Pacer(long windowMs, int maxPerSecond) {
    this.windowMs = windowMs;
    this.intervalMs = 1000.0 / maxPerSecond;
  }

  /** The account's offset in the spread window: the same for the same id, uniform over ids. */
  public long spreadOffsetMs(String accountId) {
    if (windowMs <= 0) {
      return 0;
    }
    CRC32 crc = new CRC32();
    crc.update(accountId.getBytes(StandardCharsets.UTF_8));
    // CRC32 mixes short, similar ids (acct-1, acct-2 …) well enough; murmur-style finalizer for the low bits.
    long h = crc.getValue() * 0x9E3779B97F4A7C15L;
    h ^= h >>> 32;
    return Math.floorMod(h, windowMs);
  }

  /**
   * Reserves the earliest start at or after {@code wantedMs} that keeps the rate cap, and returns it.
   * Reservations are made in the order cycles are due, so the returned times never go backwards.
   */
  public long reserve(long wantedMs) {
    double slot = Math.max(wantedMs, nextFreeMs);
    nextFreeMs = slot + intervalMs;
    return (long) Math.ceil(slot);
  }
}
