package dev.herald.processor.views;

import static dev.herald.processor.views.ViewStates.UDP_FLOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.avro.SubHandling;
import dev.herald.common.Json;
import dev.herald.packages.state.Flow;
import dev.herald.packages.state.ResourceState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewJsonTest {

  private static final long NOW = 1_000_000;
  private static final String BOB = "presence|sip:bob@example.com";

  @Test
  void aSubscriptionShowsItsWatcherStateExpiryAndFlow() {
    JsonNode json = json(ViewJson.subscription(BOB, ViewStates.subscription("sip:bob@example.com", "s1", "presence",
        "sip:alice@example.com", NOW + 59_001, SubHandling.ALLOW, UDP_FLOW), NOW));
    assertThat(json.path("watcher").asText()).isEqualTo("sip:alice@example.com");
    assertThat(json.path("presentity").asText()).isEqualTo("sip:bob@example.com");
    assertThat(json.path("resource").asText()).isEqualTo(BOB);
    assertThat(json.path("state").asText()).isEqualTo("active");
    assertThat(json.path("expiresInS").asLong()).as("rounded up").isEqualTo(60);
    assertThat(json.path("flow").path("transport").asText()).isEqualTo("udp");
    assertThat(json.path("flow").path("remote").asText()).isEqualTo("192.0.2.7:40123");
    assertThat(json.path("flow").path("local").asText()).isEqualTo("127.0.0.1:5060");
    assertThat(json.path("flow").path("edge").asText()).isEqualTo("edge-1");
    assertThat(json.path("flow").path("edgeInstance").asInt()).isEqualTo(1);
    assertThat(json.path("flow").path("natted").asBoolean()).isTrue();
  }

  @Test
  void aSubscriptionWaitingForAuthorizationIsPendingAndAnExpiredOneTerminated() {
    assertThat(ViewJson.state(ViewStates.subscription("sip:bob@example.com", "s", "presence", "sip:a@example.com",
        NOW + 1, SubHandling.CONFIRM, UDP_FLOW), NOW)).isEqualTo("pending");
    assertThat(ViewJson.state(ViewStates.subscription("sip:bob@example.com", "s", "presence", "sip:a@example.com",
        NOW, SubHandling.ALLOW, UDP_FLOW), NOW)).isEqualTo("terminated");
    assertThat(ViewJson.state(ViewStates.subscription("sip:bob@example.com", "s", "presence", "sip:a@example.com",
        NOW + 1, SubHandling.POLITE_BLOCK, UDP_FLOW), NOW)).as("sent a neutral document").isEqualTo("active");
  }

  @Test
  void aFlowFromBeforeFlowsShowsItsTransportAndSourceOnly() {
    JsonNode json = json(ViewJson.flow(Flow.legacy("TCP", "2001:db8::1", 5070)));
    assertThat(json.path("transport").asText()).isEqualTo("tcp");
    assertThat(json.path("remote").asText()).isEqualTo("[2001:db8::1]:5070");
    assertThat(json.path("local").asText()).isEmpty();
    assertThat(json.path("edge").asText()).isEmpty();
    assertThat(json.path("edgeInstance").asInt()).isEqualTo(-1);
  }

  @Test
  void aPublicationShowsItsEntityTagSourceExpiryAndBody() {
    JsonNode json = json(ViewJson.publication(ViewStates.publication("a1b2", NOW + 3_600_000, "sip:bob@example.com",
        "<presence/>"), NOW));
    assertThat(json.path("entityTag").asText()).isEqualTo("a1b2");
    assertThat(json.path("source").asText()).isEqualTo("sip:bob@example.com");
    assertThat(json.path("expiresInS").asLong()).isEqualTo(3600);
    assertThat(json.path("body").asText()).isEqualTo("<presence/>");
  }

  @Test
  void aBindingShowsItsContactExpiryInstanceAndFlowAndAnExternalRegistrarsNoFlow() {
    JsonNode json = json(ViewJson.binding(BOB, ViewStates.binding("sip:bob@192.0.2.7:5060", NOW + 30_000,
        "<urn:uuid:1>", UDP_FLOW), NOW));
    assertThat(json.path("aor").asText()).isEqualTo("sip:bob@example.com");
    assertThat(json.path("contact").asText()).isEqualTo("sip:bob@192.0.2.7:5060");
    assertThat(json.path("expiresInS").asLong()).isEqualTo(30);
    assertThat(json.path("instanceId").asText()).isEqualTo("<urn:uuid:1>");
    assertThat(json.path("regId").asInt()).isEqualTo(1);
    assertThat(json.path("flow").path("remote").asText()).isEqualTo("192.0.2.7:40123");
    assertThat(json(ViewJson.binding(BOB, ViewStates.binding("sip:bob@kamailio", NOW + 1, null, null), NOW))
        .path("flow").isNull()).isTrue();
  }

  @Test
  void theDomainIsTheHostOfTheResourcesUriWithoutPort() {
    assertThat(ViewJson.domainOf("presence|sip:bob@Example.COM:5080")).isEqualTo("example.com");
    assertThat(ViewJson.domainOf("dialog|sips:alice@[2001:db8::1]:5061")).isEqualTo("[2001:db8::1]");
    assertThat(ViewJson.domainOf("sip:example.org")).isEqualTo("example.org");
    assertThat(ViewJson.domainOf("presence|tel:+15551234")).isEqualTo("tel");
  }

  @Test
  void statsCountByPackageStateAndDomainAndAddUpOverInstances() {
    ResourceState bob = ViewStates.state(BOB,
        List.of(ViewStates.publication("t1", NOW + 1000, "sip:bob@example.com", "<presence/>")),
        List.of(ViewStates.subscription("sip:bob@example.com", "s1", "presence", "sip:a@example.com", NOW + 1000,
                SubHandling.ALLOW, UDP_FLOW),
            ViewStates.subscription("sip:bob@example.com", "s2", "presence", "sip:c@example.com", NOW + 1000,
                SubHandling.CONFIRM, UDP_FLOW),
            ViewStates.subscription("sip:bob@example.com", "s3", "presence.winfo", "sip:bob@example.com", NOW + 1000,
                SubHandling.ALLOW, UDP_FLOW)),
        List.of(ViewStates.binding("sip:bob@192.0.2.7", NOW + 1000, null, UDP_FLOW)));
    Stats.Tally one = new Stats.Tally("a:1", NOW);
    one.add(BOB, bob);
    Stats.Tally two = new Stats.Tally("b:2", NOW);
    two.add("dialog|sip:dan@example.org", ViewStates.state("dialog|sip:dan@example.org", List.of(),
        List.of(ViewStates.subscription("sip:dan@example.org", "s4", "dialog", "sip:a@example.com", NOW,
            SubHandling.ALLOW, UDP_FLOW)), List.of()));

    Stats all = one.stats().plus(two.stats());
    assertThat(all.resources()).isEqualTo(2);
    assertThat(all.publications()).isEqualTo(1);
    assertThat(all.subscriptions()).isEqualTo(4);
    assertThat(all.bindings()).isEqualTo(1);
    assertThat(all.byPackage().get("presence")).isEqualTo(new Stats.Counts(1, 2, 1, 1, 0, 1));
    assertThat(all.byPackage().get("presence.winfo")).isEqualTo(new Stats.Counts(0, 1, 1, 0, 0, 0));
    assertThat(all.byPackage().get("dialog")).isEqualTo(new Stats.Counts(0, 1, 0, 0, 1, 0));
    assertThat(all.byDomain().get("example.com")).isEqualTo(new Stats.Counts(1, 3, 2, 1, 0, 1));
    assertThat(all.byDomain().get("example.org")).isEqualTo(new Stats.Counts(0, 1, 0, 0, 1, 0));
    assertThat(all.instances()).containsExactly("a:1", "b:2");
    assertThat(Json.read(Json.write(all), Stats.class)).as("read back as another instance's answer").isEqualTo(all);
  }

  private static JsonNode json(Object value) {
    return Json.read(Json.write(value), JsonNode.class);
  }
}
