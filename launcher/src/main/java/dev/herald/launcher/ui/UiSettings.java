package dev.herald.launcher.ui;

/**
 * The web view's settings.
 *
 * @param enabled whether the admin port serves {@code /ui} at all
 * @param actions whether the page offers actions (conference reset, force register) through the admin API to
 *     a page opened with a token of the admin role (any page where the admin port needs no token); only with
 *     the view on
 * @param maxClients live pages (server-sent event streams) served at once, 1 to 1000; more are answered 503
 * @param clientQueue updates waiting for one page, 16 to 100000; a page that falls further behind is
 *     disconnected (its browser reconnects and starts again from a snapshot), so no page slows the others
 */
public record UiSettings(boolean enabled, boolean actions, int maxClients, int clientQueue) {

  public static final int DEFAULT_MAX_CLIENTS = 32;
  public static final int DEFAULT_CLIENT_QUEUE = 1024;

  public UiSettings {
    if (actions && !enabled) {
      throw new IllegalArgumentException("--ui-actions needs the web view on (--ui true)");
    }
    if (maxClients < 1 || maxClients > 1000) {
      throw new IllegalArgumentException("--ui-max-clients must be 1..1000, was " + maxClients);
    }
    if (clientQueue < 16 || clientQueue > 100_000) {
      throw new IllegalArgumentException("the web view's client queue must be 16..100000, was " + clientQueue);
    }
  }

  /** On, actions for admin tokens, the default limits: what {@code herald up} runs with. */
  public static UiSettings defaults() {
    return new UiSettings(true, true, DEFAULT_MAX_CLIENTS, DEFAULT_CLIENT_QUEUE);
  }

  /** No {@code /ui} route. */
  public static UiSettings off() {
    return new UiSettings(false, false, DEFAULT_MAX_CLIENTS, DEFAULT_CLIENT_QUEUE);
  }
}
