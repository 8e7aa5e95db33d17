package dev.herald.launcher;

import dev.herald.launcher.ui.UiSettings;
import picocli.CommandLine.Option;

/** Flags of {@code herald up} for the web view on the admin port. */
final class UiOptions {

  @Option(names = "--ui", defaultValue = "true", arity = "1",
      description = "serve the live web view on the admin port at /ui; false: no /ui (HERALD_UI)")
  boolean ui;

  @Option(names = "--ui-actions", arity = "1",
      description = "offer actions on the web view (conference reset, force register) to pages opened with an admin"
          + " token; false: to none (HERALD_UI_ACTIONS); default: true with the view on")
  Boolean actions;

  @Option(names = "--ui-max-clients", defaultValue = "" + UiSettings.DEFAULT_MAX_CLIENTS,
      description = "live web view pages served at once, 1..1000 (HERALD_UI_MAX_CLIENTS)")
  int maxClients;

  UiSettings settings() {
    return new UiSettings(ui, actions == null ? ui : actions, maxClients, UiSettings.DEFAULT_CLIENT_QUEUE);
  }
}
