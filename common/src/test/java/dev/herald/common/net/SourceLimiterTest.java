package dev.herald.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.net.SourceLimiter.Admission;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SourceLimiterTest {

  private static final long SECOND = 1_000_000_000L;
  private static final InetAddress FLOOD = address("192.0.2.1");
  private static final InetAddress OTHER = address("192.0.2.2");

  @Test
  void aSourceHoldsNoMoreThanItsShareAndOthersAreStillServed() {
    SourceLimiter limiter = new SourceLimiter(SourceLimits.builder().maxPerSource(3).build());
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire(FLOOD, 0)).isEqualTo(Admission.ADMITTED);
    }
    assertThat(limiter.tryAcquire(FLOOD, 0)).isEqualTo(Admission.SOURCE_FULL);
    assertThat(limiter.tryAcquire(OTHER, 0)).isEqualTo(Admission.ADMITTED);
  }

  @Test
  void aClosedConnectionFreesItsPlace() {
    SourceLimiter limiter = new SourceLimiter(SourceLimits.builder().maxPerSource(1).build());
    assertThat(limiter.tryAcquire(FLOOD, 0)).isEqualTo(Admission.ADMITTED);
    limiter.release(FLOOD);
    assertThat(limiter.tryAcquire(FLOOD, SECOND)).isEqualTo(Admission.ADMITTED);
    assertThat(limiter.connections()).isEqualTo(1);
  }

  @Test
  void aSourceOpeningConnectionsFasterThanItsRateIsRefusedUntilTheBucketRefills() {
    SourceLimiter limiter = new SourceLimiter(SourceLimits.builder().acceptsPerSecondPerSource(5).build());
    int admitted = 0;
    for (int i = 0; i < 20; i++) {
      if (limiter.tryAcquire(FLOOD, 0) == Admission.ADMITTED) {
        admitted++;
        limiter.release(FLOOD);
      }
    }
    assertThat(admitted).as("a burst of two seconds' worth").isEqualTo(10);
    assertThat(limiter.tryAcquire(FLOOD, 0)).isEqualTo(Admission.SOURCE_TOO_FAST);
    assertThat(limiter.tryAcquire(FLOOD, SECOND / 5)).as("one more after a fifth of a second").isEqualTo(Admission.ADMITTED);
  }

  @Test
  void theListenerHoldsNoMoreThanItsTotal() {
    SourceLimiter limiter = new SourceLimiter(SourceLimits.builder().maxPerSource(2).maxConnections(2).build());
    assertThat(limiter.tryAcquire(FLOOD, 0)).isEqualTo(Admission.ADMITTED);
    assertThat(limiter.tryAcquire(OTHER, 0)).isEqualTo(Admission.ADMITTED);
    assertThat(limiter.tryAcquire(address("192.0.2.3"), 0)).isEqualTo(Admission.FULL);
  }

  @Test
  void idleSourcesWithFullBucketsAreForgotten() {
    SourceLimiter limiter = new SourceLimiter(SourceLimits.defaults());
    limiter.tryAcquire(FLOOD, 0);
    limiter.release(FLOOD);
    limiter.tryAcquire(OTHER, 60 * SECOND);
    assertThat(limiter.sourcesRemembered()).isEqualTo(1);
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
