package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.common.FreePorts;
import dev.herald.testkit.SipTestAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalDouble;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Herald with traffic, scraped as Prometheus scrapes it: every metric the alert rules read is there,
 * so no rule watches a name that does not exist, and the SIP counters, the gauges of what the
 * processor holds and the NOTIFY latency show what the phones did; the gauges again after a restart.
 */
class AlertRulesMetricsIT {

  private static final Duration ANSWER = Duration.ofSeconds(15);

  private static final String PIDF_OPEN = """
      <?xml version="1.0" encoding="UTF-8"?>
      <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:bob@example.com">
        <tuple id="desk"><status><basic>open</basic></status></tuple>
      </presence>
      """;

  @TempDir
  Path dataDir;

  private static String scrape(int adminPort) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        SipChecks.adminRequest(adminPort, "/metrics").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The value of the first sample of {@code name} carrying every one of {@code labels} ({@code key="value"}). */
  private static OptionalDouble sample(String scrape, String name, String... labels) {
    return scrape.lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .filter(line -> Arrays.stream(labels).allMatch(line::contains))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst();
  }

  /** The sum of every sample of {@code name}, whatever its labels. */
  private static double total(String scrape, String name) {
    return scrape.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  private static Request nextNotify(SipTestAgent agent) throws InterruptedException {
    Request notify = agent.nextRequest(ANSWER);
    assertThat(notify).as("a NOTIFY within %s", ANSWER).isNotNull();
    assertThat(notify.getMethod()).isEqualTo(Request.NOTIFY);
    return notify;
  }

  @Test
  void everyMetricTheAlertRulesReadIsOnTheScrapeOfAHeraldWithTrafficAndTheStateGaugesSurviveARestart() throws Exception {
    HeraldSettings settings = SipChecks.register(HeraldSettings.builder().sipHost("127.0.0.1")
        .sipPort(FreePorts.findFreeSipPort("127.0.0.1")).adminHost("127.0.0.1").adminPort(FreePorts.findFreePort())
        .dataDir(dataDir).build());
    try (Herald herald = new Herald(settings).start();
         SipTestAgent alice = SipTestAgent.udp("alice");
         SipTestAgent bob = SipTestAgent.udp("bob")) {
      Request subscribe = alice.request(Request.SUBSCRIBE, "sip:alice@example.com", "sip:bob@example.com",
          settings.sipPort());
      subscribe.addHeader(alice.headers.createEventHeader("presence"));
      subscribe.addHeader(alice.headers.createExpiresHeader(600));
      assertThat(alice.send(subscribe, ANSWER).getStatusCode()).isEqualTo(200);
      nextNotify(alice);

      Request publish = bob.request(Request.PUBLISH, "sip:bob@example.com", "sip:bob@example.com", settings.sipPort());
      publish.addHeader(bob.headers.createEventHeader("presence"));
      publish.addHeader(bob.headers.createExpiresHeader(3600));
      publish.setContent(PIDF_OPEN, bob.headers.createContentTypeHeader("application", "pidf+xml"));
      Response published = bob.send(publish, ANSWER);
      assertThat(published.getStatusCode()).isEqualTo(200);
      nextNotify(alice);

      Request register = bob.request(Request.REGISTER, "sip:bob@example.com", "sip:bob@example.com",
          settings.sipPort());
      register.setRequestURI(bob.addresses.createURI("sip:example.com"));
      register.addHeader(bob.headers.createExpiresHeader(600));
      assertThat(bob.send(register, ANSWER).getStatusCode()).isEqualTo(200);

      await().atMost(ANSWER).untilAsserted(() -> {
        String scrape = scrape(settings.adminPort());
        assertThat(total(scrape, "herald_publish_to_notify_seconds_count"))
            .as("the NOTIFY of the PUBLISH timed, by the edge or the notifier").isPositive();
        assertThat(sample(scrape, "herald_subscriptions", "package=\"presence\"", "state=\"active\""))
            .hasValue(1.0);
        assertThat(sample(scrape, "herald_publications", "package=\"presence\"")).hasValue(1.0);
        assertThat(sample(scrape, "herald_bindings")).hasValue(1.0);
      });
      String scrape = scrape(settings.adminPort());

      assertThat(AlertRules.metricNames()).isNotEmpty().allSatisfy(name ->
          assertThat(sample(scrape, name)).as("%s on /metrics", name).isPresent());
      // A UDP client retransmits while it waits, and each copy counts (and is answered again).
      assertThat(sample(scrape, "herald_sip_requests_total", "method=\"SUBSCRIBE\"", "package=\"presence\"",
          "transport=\"udp\"").orElse(0)).isGreaterThanOrEqualTo(1);
      assertThat(sample(scrape, "herald_sip_responses_total", "method=\"PUBLISH\"", "package=\"presence\"",
          "code=\"200\"").orElse(0)).isGreaterThanOrEqualTo(1);
      assertThat(sample(scrape, "herald_processor_running")).hasValue(1.0);
      assertThat(sample(scrape, "kafka_producer_record_send_total", "client_id=\"herald-edge-requests\""))
          .as("the edge's producer's own metrics").isPresent();
    }

    // Started again on the same data: the processor counts what its restored stores hold.
    try (Herald again = new Herald(settings).start()) {
      await().atMost(ANSWER).untilAsserted(() -> {
        String scrape = scrape(settings.adminPort());
        assertThat(sample(scrape, "herald_subscriptions", "package=\"presence\"", "state=\"active\""))
            .hasValue(1.0);
        assertThat(sample(scrape, "herald_publications", "package=\"presence\"")).hasValue(1.0);
        assertThat(sample(scrape, "herald_bindings")).hasValue(1.0);
      });
    }
  }
}
