package dev.herald.loadgen;

/**
 * Client transactions of non-INVITE requests over UDP (RFC 3261 §17.1.2.2): Timer E resends
 * the request after T1, then at doubling intervals capped at T2; Timer F (64·T1) ends the
 * transaction without a final response. A SUBSCRIBE or PUBLISH is a non-INVITE request, so its
 * intervals stop doubling at T2 (4 s), unlike an INVITE's Timer A.
 *
 * <p>Transactions are numbered in the order they start and all follow the same timetable, so
 * for each timer there is one cursor over the numbers that only moves forward: no queue, no
 * heap, no allocation. The table is a power-of-two ring of slots; a number's slot is
 * {@code number & mask}. Not thread-safe: the owner serialises access.
 */
final class Transactions {

  static final long T1 = 500_000_000L;
  static final long T2 = 4_000_000_000L;
  static final long TIMER_F = 64 * T1;

  /** Offsets from the first sending at which the request is sent again; the last entry is Timer F. */
  static final long[] TIMETABLE = timetable();

  /** What the timers do. */
  interface Timers {
    /** Send the request of the transaction in {@code slot} again. */
    void retransmit(int slot);

    /** Timer F fired: the transaction in {@code slot} ended without a final response. */
    void timedOut(int slot);
  }

  private final int mask;
  private final long[] numbers;
  private final boolean[] live;
  private final long[] started;
  private final int[] kind;
  private final int[] ref;
  private final long[] seq;
  private final Object[] extra;
  private final long[] cursors = new long[TIMETABLE.length];
  private long next;
  private int outstanding;
  private long retransmissions;

  /** A table for at least {@code capacity} transactions under way at once. */
  Transactions(int capacity) {
    int size = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
    this.mask = size - 1;
    this.numbers = new long[size];
    java.util.Arrays.fill(numbers, -1);
    this.live = new boolean[size];
    this.started = new long[size];
    this.kind = new int[size];
    this.ref = new int[size];
    this.seq = new long[size];
    this.extra = new Object[size];
  }

  /** Capacity enough for {@code ratePerSecond} new transactions that all last until Timer F. */
  static int capacityFor(double ratePerSecond, int atLeast) {
    double needed = ratePerSecond * (TIMER_F / 1e9 + 8) + 1024;
    return (int) Math.min(1 << 22, Math.max(atLeast, needed));
  }

  /**
   * Starts a transaction at {@code nowNanos}; its number, or -1 when every slot is taken (more
   * transactions under way than the table was made for).
   */
  long begin(long nowNanos, int kind, int ref, long seq, Object extra) {
    int slot = (int) (next & mask);
    if (live[slot]) {
      return -1;
    }
    long number = next++;
    numbers[slot] = number;
    live[slot] = true;
    started[slot] = nowNanos;
    this.kind[slot] = kind;
    this.ref[slot] = ref;
    this.seq[slot] = seq;
    this.extra[slot] = extra;
    outstanding++;
    return number;
  }

  /** The slot of transaction {@code number} while it is under way, else -1. */
  int slotOf(long number) {
    if (number < 0 || number >= next) {
      return -1;
    }
    int slot = (int) (number & mask);
    return numbers[slot] == number && live[slot] ? slot : -1;
  }

  /** Ends the transaction in {@code slot} (a final response came); its fields stay readable. */
  void complete(int slot) {
    if (live[slot]) {
      live[slot] = false;
      outstanding--;
    }
  }

  /** Fires every timer due at {@code nowNanos}. */
  void fire(long nowNanos, Timers timers) {
    int last = TIMETABLE.length - 1;
    for (int t = 0; t <= last; t++) {
      long offset = TIMETABLE[t];
      long cursor = cursors[t];
      while (cursor < next) {
        int slot = (int) (cursor & mask);
        if (numbers[slot] != cursor || !live[slot]) {
          cursor++;
          continue;
        }
        if (nowNanos - started[slot] < offset) {
          break;
        }
        cursor++;
        if (t == last) {
          complete(slot);
          timers.timedOut(slot);
        } else {
          retransmissions++;
          timers.retransmit(slot);
        }
      }
      cursors[t] = cursor;
    }
  }

  int outstanding() {
    return outstanding;
  }

  long started() {
    return next;
  }

  long retransmissions() {
    return retransmissions;
  }

  long number(int slot) {
    return numbers[slot];
  }

  long startedAt(int slot) {
    return started[slot];
  }

  int kind(int slot) {
    return kind[slot];
  }

  int ref(int slot) {
    return ref[slot];
  }

  long seq(int slot) {
    return seq[slot];
  }

  Object extra(int slot) {
    return extra[slot];
  }

  private static long[] timetable() {
    long[] offsets = new long[64];
    int n = 0;
    long at = T1;
    long interval = T1;
    while (at < TIMER_F) {
      offsets[n++] = at;
      interval = Math.min(interval * 2, T2);
      at += interval;
    }
    offsets[n++] = TIMER_F;
    return java.util.Arrays.copyOf(offsets, n);
  }
}
