package dev.herald.launcher.ui;

import dev.herald.common.AdminServer;
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

  private final LiveView view;
  private final PresenceFeed feed;

  private WebView(LiveView view, PresenceFeed feed) {
    this.view = view;
    this.feed = feed;
  }

  /**
   * Starts reading the topics and serves {@code /ui} on {@code admin}.
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
    PresenceFeed feed = new PresenceFeed(kafka, applicationId, view).start();
    admin.addHealthCheck(feed.healthCheck());
    admin.route(UiRoutes.PATH, new UiRoutes(view, settings.actions()));
    log.info("web view on {}{}", UiRoutes.PATH, settings.actions() ? ", with actions" : ", read-only");
    return new WebView(view, feed);
  }

  @Override
  public void close() throws InterruptedException {
    view.close();
    feed.close();
  }
}
