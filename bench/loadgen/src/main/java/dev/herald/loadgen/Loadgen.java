package dev.herald.loadgen;

import java.io.IOException;

/** Runs a mode on a fresh socket and returns its report. */
final class Loadgen {

  private Loadgen() {}

  static LatencyReport latency(LatencyConfig config) throws IOException {
    int capacity = Transactions.capacityFor(Math.max(config.rate(), config.subscribeRate()),
        config.totalWatchers() + config.presentities());
    try (SipClient client = SipClient.open(config.common(), capacity)) {
      LatencyRun run = new LatencyRun(config, client);
      client.start(run);
      return run.run();
    }
  }

  static RateReport rate(RateConfig config) throws IOException {
    try (SipClient client = SipClient.open(config.common(), Transactions.capacityFor(config.rate(), 0))) {
      RateRun run = new RateRun(config, client);
      client.start(run);
      return run.run();
    }
  }
}
