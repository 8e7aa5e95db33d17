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

  /** A faults run; writes its timeline when the config names a file. */
  static FaultReport faults(FaultConfig config) throws IOException {
    int capacity = Transactions.capacityFor(
        Math.max(config.rate() * (1 + config.refreshShare()), config.subscribeRate()), config.dialogs()
            + config.presentities());
    try (SipClient client = SipClient.open(config.common(), capacity)) {
      FaultRun run = new FaultRun(config, client, System.nanoTime());
      client.start(run);
      FaultReport report = run.run();
      if (config.timeline() != null) {
        java.nio.file.Files.writeString(config.timeline(), run.timelineCsv());
      }
      return report;
    }
  }

  static RateReport rate(RateConfig config) throws IOException {
    try (SipClient client = SipClient.open(config.common(), Transactions.capacityFor(config.rate(), 0))) {
      RateRun run = new RateRun(config, client);
      client.start(run);
      return run.run();
    }
  }

  static RlsRun.Report rls(RlsRun.Config config) throws IOException {
    try (SipClient client = SipClient.open(config.common(), Transactions.capacityFor(config.rate(), config.members()))) {
      RlsRun run = new RlsRun(config, client);
      client.start(run);
      return run.run();
    }
  }
}
