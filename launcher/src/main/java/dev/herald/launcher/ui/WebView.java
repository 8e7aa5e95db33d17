package dev.herald.launcher.ui;

import dev.herald.common.AdminServer;
import dev.herald.common.Health;
import dev.herald.common.HealthCheck;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live web view on the admin port ({@code /ui}): its feed from Kafka ({@link PresenceFeed}), the
 * view it keeps ({@link PresenceView}), the pages streaming it ({@link SseBroadcaster}) and its routes
 * ({@link UiRoutes}). Closing it stops the feed and disconnects the pages; the route then answers
 * nothing more than a closed view.
 */
public final class WebView implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebView.class);
  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
  /** How long the feed runs on after the last page left. */
  static final Duration IDLE_STOP = Duration.ofSeconds(60);

  private final LiveView view;
  private final FeedOnDemand feed;

  private WebView(LiveView view, FeedOnDemand feed) {
    this.view = view;
    this.feed = feed;
  }

  /**
   * Serves {@code /ui} on {@code admin}, reading the topics while a page looks ({@link FeedOnDemand}).
   *
   * @param kafka consumer settings, at least the bootstrap servers
   * @param applicationId the processor's application id, whose subscription changelog names the watchers
   */
  public static WebView start(UiSettings settings, Map<String, Object> kafka, String applicationId,
      AdminServer admin) {
    if (!settings.enabled()) {
      throw new IllegalArgumentException("the web view is off");
    }
    LiveView view = new LiveView(new SseBroadcaster(settings.maxClients(), settings.clientQueue(), KEEP_ALIVE));
    FeedOnDemand feed = new FeedOnDemand(() -> new PresenceFeed(kafka, applicationId, view), view, IDLE_STOP,
        System::nanoTime);
    view.onDemand(feed::demand);
    admin.addHealthCheck(HealthCheck.of("web-view", feed::health, Health::up, Health::up));
    admin.route(UiRoutes.PATH, new UiRoutes(view, settings.actions()));
    log.info("web view on {}{}", UiRoutes.PATH, settings.actions() ? ", with actions" : ", read-only");
    return new WebView(view, feed);
  }

  @Override
  public void close() {
    view.close();
    feed.close();
  }
}
