package dev.herald.launcher.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SseBroadcasterTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A page that takes every frame at once. */
  static class FastSink implements SseBroadcaster.Sink {
    final List<String> frames = new CopyOnWriteArrayList<>();
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void write(String frame) throws IOException {
      frames.add(frame);
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  /** A page that reads nothing: its first write blocks until released. */
  static final class StuckSink implements SseBroadcaster.Sink {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void write(String frame) throws IOException {
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IOException("interrupted", e);
      }
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  @Test
  void aClientGetsItsFirstFrameThenEveryPublishedFrameInOrder() {
    try (SseBroadcaster broadcaster = new SseBroadcaster(4, 16, Duration.ofMinutes(1))) {
      FastSink sink = new FastSink();
      assertThat(broadcaster.connect(sink, "snapshot")).isInstanceOf(SseBroadcaster.Connection.Accepted.class);
      broadcaster.publish("a");
      broadcaster.publish("b");

      await().atMost(WAIT).untilAsserted(() -> assertThat(sink.frames).containsExactly("snapshot", "a", "b"));
    }
  }

  @Test
  void aSlowClientIsDroppedWithoutBlockingThePublisherOrTheOthers() throws Exception {
    try (SseBroadcaster broadcaster = new SseBroadcaster(4, 16, Duration.ofMinutes(1))) {
      StuckSink stuck = new StuckSink();
      FastSink fast = new FastSink();
      broadcaster.connect(stuck, "snapshot");
      broadcaster.connect(fast, "snapshot");

      // Each frame is published once the fast page has the one before: it keeps up, the stuck one cannot.
      for (int i = 0; i < 40; i++) {
        broadcaster.publish("frame " + i);
        int expected = i + 2;
        await().atMost(WAIT).until(() -> fast.frames.size() == expected);
      }

      assertThat(stuck.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the stuck page is disconnected").isTrue();
      assertThat(fast.frames).hasSize(41).endsWith("frame 39");
      assertThat(broadcaster.clients()).isEqualTo(1);
      assertThat(fast.closed.getCount()).isEqualTo(1);
    }
  }

  @Test
  void moreClientsThanAllowedAreRefusedWithTheReason() {
    try (SseBroadcaster broadcaster = new SseBroadcaster(1, 16, Duration.ofMinutes(1))) {
      broadcaster.connect(new FastSink(), "snapshot");

      SseBroadcaster.Connection second = broadcaster.connect(new FastSink(), "snapshot");

      assertThat(second).isInstanceOf(SseBroadcaster.Connection.Refused.class);
      assertThat(((SseBroadcaster.Connection.Refused) second).reason()).contains("--ui-max-clients");
    }
  }

  @Test
  void anIdleClientGetsKeepAliveComments() {
    try (SseBroadcaster broadcaster = new SseBroadcaster(4, 16, Duration.ofMillis(20))) {
      FastSink sink = new FastSink();
      broadcaster.connect(sink, "snapshot");

      await().atMost(WAIT).untilAsserted(() -> assertThat(sink.frames).contains(SseFrame.KEEP_ALIVE));
    }
  }

  @Test
  void aClientThatWentAwayIsRemovedAndClosed() throws Exception {
    try (SseBroadcaster broadcaster = new SseBroadcaster(4, 16, Duration.ofMinutes(1))) {
      FastSink gone = new FastSink() {
        @Override
        public void write(String frame) throws IOException {
          throw new IOException("broken pipe");
        }
      };
      broadcaster.connect(gone, "snapshot");

      assertThat(gone.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      await().atMost(WAIT).until(() -> broadcaster.clients() == 0);
    }
  }

  @Test
  void closingDisconnectsEveryClientAndRefusesNewOnes() throws Exception {
    SseBroadcaster broadcaster = new SseBroadcaster(4, 16, Duration.ofMinutes(1));
    FastSink sink = new FastSink();
    broadcaster.connect(sink, "snapshot");

    broadcaster.close();

    assertThat(sink.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(broadcaster.connect(new FastSink(), "snapshot")).isInstanceOf(SseBroadcaster.Connection.Refused.class);
  }
}
