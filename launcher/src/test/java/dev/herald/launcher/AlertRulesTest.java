package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The alert rules operators load into Prometheus are valid, and fire on the figures they are for. */
class AlertRulesTest {

  @Test
  void theRulesFilePassesPromtoolsCheck() throws Exception {
    AlertRules.assumePromtool();

    AlertRules.Run run = AlertRules.promtool("check", "rules", AlertRules.RULES.getFileName().toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @Test
  void eachAlertFiresOnTheSeriesOfItsUnitTestAndNotOnTheHealthyOnes() throws Exception {
    AlertRules.assumePromtool();

    AlertRules.Run run = AlertRules.promtool("test", "rules", AlertRules.RULES_TEST.getFileName().toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertHasAUnitTestAndASectionInTheOperationsPage() throws Exception {
    String tests = Files.readString(AlertRules.RULES_TEST);
    String operations = Files.readString(Path.of("..", "docs", "operations.md"));

    assertThat(AlertRules.alertNames()).isNotEmpty().allSatisfy(alert -> {
      assertThat(tests).as("a unit test of %s", alert).contains("alertname: " + alert);
      assertThat(operations).as("what to do on %s", alert).contains("`" + alert + "`");
    });
  }

  @Test
  void theRulesReadHeraldsAndKafkasMetricsByName() throws Exception {
    assertThat(AlertRules.metricNames()).contains("herald_sip_responses_total",
        "herald_edge_decision_latency_seconds_bucket", "kafka_consumer_fetch_manager_records_lag_max",
        "herald_processor_running").noneMatch(name -> name.contains(":"));
  }
}
