package dev.herald.launcher.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.avro.RegistrantStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LiveViewTest {

  /** A broadcaster that counts the frames it is given. */
  private static final class CountingBroadcaster extends SseBroadcaster {
    int published;

    CountingBroadcaster() {
      super(4, 16, Duration.ofMinutes(1));
    }

    @Override
    void publish(String frame) {
      published++;
      super.publish(frame);
    }
  }

  private static RegistrantStatus status(String account, int state) {
    return RegistrantStatus.newBuilder().setAccountId(account).setAor("sip:" + account + "@example.com")
        .setRegistrar("sip:registrar.example.com").setState(state).setStateName("REGISTERED").setEnabled(true)
        .setUpdatedAtMs(1_000L).build();
  }

  @Test
  void aChangeNoPageWatchesIsNotEncodedButReachesTheNextPagesSnapshot() {
    CountingBroadcaster broadcaster = new CountingBroadcaster();
    try (LiveView view = new LiveView(broadcaster)) {
      view.apply(v -> v.applyRegistrant("alice", status("alice", 2)));

      assertThat(broadcaster.published).isZero();
      SseBroadcasterTest.FastSink sink = new SseBroadcasterTest.FastSink();
      view.connect(sink);
      await().atMost(Duration.ofSeconds(10)).until(() -> !sink.frames.isEmpty());
      assertThat(sink.frames.get(0)).contains("event: snapshot").contains("sip:alice@example.com");
    }
  }

  @Test
  void aWatchedChangeIsPublishedWithTheNextEventId() {
    CountingBroadcaster broadcaster = new CountingBroadcaster();
    try (LiveView view = new LiveView(broadcaster)) {
      view.apply(v -> v.applyRegistrant("alice", status("alice", 2)));
      SseBroadcasterTest.FastSink sink = new SseBroadcasterTest.FastSink();
      view.connect(sink);

      view.apply(v -> v.applyRegistrant("bob", status("bob", 2)));

      assertThat(broadcaster.published).isEqualTo(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames.size() == 2);
      assertThat(sink.frames.get(0)).contains("id: 1");
      assertThat(sink.frames.get(1)).contains("id: 2").contains("sip:bob@example.com");
    }
  }
}
