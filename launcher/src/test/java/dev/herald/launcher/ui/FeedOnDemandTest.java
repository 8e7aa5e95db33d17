package dev.herald.launcher.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.RegistrantStatus;
import dev.herald.common.Health;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FeedOnDemandTest {

  private static final Duration IDLE = Duration.ofSeconds(60);

  private static final class FakeFeed implements FeedOnDemand.Feed {
    boolean started;
    boolean closed;

    @Override
    public FakeFeed start() {
      started = true;
      return this;
    }

    @Override
    public Health health() {
      return closed ? Health.down("closed") : Health.up();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final List<FakeFeed> feeds = new ArrayList<>();
  private final AtomicLong now = new AtomicLong();
  private final LiveView view = new LiveView(new SseBroadcaster(4, 16, Duration.ofMinutes(1)));
  private final FeedOnDemand demand = new FeedOnDemand(() -> {
    FakeFeed feed = new FakeFeed();
    feeds.add(feed);
    return feed;
  }, view, IDLE, now::get);

  private void seconds(long s) {
    now.addAndGet(Duration.ofSeconds(s).toNanos());
  }

  @Test
  void nothingIsReadUntilSomeoneLooks() {
    demand.stopIfIdle();

    assertThat(feeds).isEmpty();
    assertThat(demand.running()).isFalse();
    assertThat(demand.health().healthy()).isTrue();
  }

  @Test
  void aSnapshotStartsOneFeedAndLaterLooksKeepIt() {
    view.onDemand(demand::demand);

    view.snapshot();
    seconds(30);
    view.snapshot();
    seconds(59);
    demand.stopIfIdle();

    assertThat(feeds).hasSize(1);
    assertThat(feeds.get(0).started).isTrue();
    assertThat(feeds.get(0).closed).isFalse();
  }

  @Test
  void theFeedStopsAndTheViewEmptiesOnceNobodyLookedForTheIdleTime() {
    view.onDemand(demand::demand);
    view.snapshot();
    view.apply(v -> v.applyRegistrant("alice", RegistrantStatus.newBuilder().setAccountId("alice")
        .setAor("sip:alice@example.com").setRegistrar("sip:registrar.example.com").setState(2)
        .setStateName("REGISTERED").setUpdatedAtMs(1L).build()));
    seconds(61);

    demand.stopIfIdle();

    assertThat(feeds.get(0).closed).isTrue();
    assertThat(demand.running()).isFalse();
    assertThat(view.snapshot().registrants()).isEmpty();
    assertThat(feeds).as("the snapshot asked for after the stop starts a new feed").hasSize(2);
  }

  @Test
  void aConnectedPageKeepsTheFeedRunningHoweverLong() {
    view.onDemand(demand::demand);
    view.connect(new SseBroadcasterTest.FastSink());
    seconds(3600);

    demand.stopIfIdle();

    assertThat(feeds).hasSize(1);
    assertThat(feeds.get(0).closed).isFalse();
  }
}
