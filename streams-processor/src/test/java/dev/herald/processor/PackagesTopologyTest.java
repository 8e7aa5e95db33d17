package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.Publish;
import dev.herald.avro.Subscribe;
import dev.herald.testkit.TopologyHarness;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dialog (RFC 4235) and call-info / line-seize (presence_callinfo, SCA) packages through the
 * topology, on the same engine as presence.
 */
class PackagesTopologyTest {

  private static final String BOB = "sip:bob@example.com";
  private static final String DIALOG_INFO = "application/dialog-info+xml";

  @TempDir
  Path stateDir;

  private TopologyHarness harness;
  private TopologyTestDriver driver;
  private TopologyHarness.Wire<NotifyCommand> notifications;

  private void start(boolean excludePublisher) {
    ProcessorConfig base = ProcessorConfig.defaults(stateDir);
    harness = ResourceHarness.of(base.withPresence(base.presence().withExcludePublisher(excludePublisher)), stateDir);
    driver = harness.driver;
    notifications = harness.notifications;
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Nested
  class Dialogs {

    @Test
    void theDialogsOfEveryPublicationAreOneDocumentWhoseVersionCountsPerWatcher() {
      start(false);
      assertThat(send("dialog", subscribe("dialog", "w1")).getStatusCode()).isEqualTo(200);
      NotifyCommand first = notifications.readValue();
      assertThat(first.getContentType()).isEqualTo(DIALOG_INFO);
      assertThat(body(first)).contains("version=\"0\"").doesNotContain("<dialog ");

      String tagA = header(send("dialog", publish("dialog", DIALOG_INFO, dialogInfo("d1", "early"))), "SIP-ETag");
      assertThat(body(notifications.readValue())).contains("version=\"1\"", "id=\"d1\"", "early");

      send("dialog", publish("dialog", DIALOG_INFO, dialogInfo("d2", "confirmed")));
      assertThat(body(notifications.readValue())).contains("version=\"2\"", "id=\"d1\"", "id=\"d2\"");

      send("dialog", publish("dialog", null, null).setIfMatch(tagA).setExpires(0));
      assertThat(body(notifications.readValue())).as("a removed publication's dialogs leave the document")
          .contains("version=\"3\"", "id=\"d2\"").doesNotContain("id=\"d1\"");
    }

    @Test
    void aDialogInfoThatDoesNotParseGets400AndNothingChanges() {
      start(false);
      send("dialog", subscribe("dialog", "w1"));
      notifications.readValue();

      Decision refused = send("dialog", publish("dialog", DIALOG_INFO, "<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\""));

      assertThat(refused.getStatusCode()).isEqualTo(400);
      assertThat(notifications.isEmpty()).isTrue();
      assertThat(ResourceHarness.stored(driver, "dialog|" + BOB))
          .extracting("publications").asList().isEmpty();
    }

    @Test
    void slaIsAPackageOfItsOwnWithItsOwnEventInTheNotify() {
      start(false);
      assertThat(send("dialog;sla", subscribe("dialog;sla", "w1")).getStatusCode()).isEqualTo(200);

      assertThat(notifications.readValue().getEvent()).isEqualTo("dialog;sla");
    }
  }

  @Nested
  class SharedLines {

    @Test
    void aCallInfoPublishWithoutCallInfoGets400() {
      start(false);

      assertThat(send("call-info", publish("call-info", null, null)).getStatusCode()).isEqualTo(400);
    }

    @Test
    void watchersGetOneCombinedCallInfoWithEveryAppearanceAndNoBody() {
      start(false);
      send("call-info", subscribe("call-info", "w1"));
      NotifyCommand idle = notifications.readValue();
      assertThat(idle.getBody()).isNull();
      assertThat(callInfo(idle)).isEqualTo("<" + BOB + ">;appearance-index=*;appearance-state=idle");

      send("call-info", callInfoPublish("<sip:127.0.0.1>;appearance-index=1;appearance-state=alerting"));
      assertThat(callInfo(notifications.readValue())).contains("appearance-index=1", "appearance-state=alerting");

      send("call-info", callInfoPublish("<sip:127.0.0.1>;appearance-index=1;appearance-state=active"));
      assertThat(callInfo(notifications.readValue())).contains("appearance-index=1", "appearance-state=active");
    }

    @Test
    void aLineSeizeOfAnIdleAppearanceIsGrantedOnceAndReleasedWhenItEnds() {
      start(false);
      send("call-info", subscribe("call-info", "w1"));
      notifications.readValue();

      Decision granted = send("call-info", seize("phone-a", 2));
      assertThat(granted.getStatusCode()).isEqualTo(200);
      List<NotifyCommand> afterSeize = drain();
      assertThat(afterSeize).extracting(NotifyCommand::getEvent).contains("line-seize", "call-info");
      assertThat(afterSeize).filteredOn(n -> n.getEvent().equals("line-seize")).singleElement()
          .as("the seizer's own NOTIFY confirms the seizure")
          .satisfies(n -> assertThat(callInfo(n)).contains("appearance-index=2", "appearance-state=seized"));
      assertThat(afterSeize).filteredOn(n -> n.getEvent().equals("call-info")).singleElement()
          .satisfies(n -> assertThat(callInfo(n)).contains("appearance-index=2", "appearance-state=seized"));

      Decision competing = send("call-info", seize("phone-b", 2));
      assertThat(competing.getStatusCode()).as("seized by another phone").isEqualTo(480);

      send("call-info", seize("phone-a", 2).setToTag(granted.getToTag()).setCseq(2).setExpires(0));
      assertThat(drain()).filteredOn(n -> n.getEvent().equals("call-info")).singleElement()
          .satisfies(n -> assertThat(callInfo(n)).contains("appearance-index=*", "appearance-state=idle"));
      assertThat(send("call-info", seize("phone-b", 2)).getStatusCode()).as("free again").isEqualTo(200);
    }

    @Test
    void aBusyAppearanceCannotBeSeized() {
      start(false);
      send("call-info", callInfoPublish("<sip:127.0.0.1>;appearance-index=1;appearance-state=active"));

      assertThat(send("call-info", seize("phone-a", 1)).getStatusCode()).isEqualTo(480);
    }

    @Test
    void aSeizureEndsWithItsSubscription() {
      start(false);
      send("call-info", seize("phone-a", 1).setExpires(60));
      drain();

      harness.advance(Duration.ofSeconds(61));
      drain();

      assertThat(send("call-info", seize("phone-b", 1)).getStatusCode()).isEqualTo(200);
    }
  }

  @Nested
  class SeizureLength {

    @Test
    void aShortSeizureIsAcceptedAndALongOneIsCutToTheLineSeizeTimeout() {
      start(false);
      Decision brief = send("call-info", seize("phone-a", 1).setExpires(15));
      assertThat(brief.getStatusCode()).as("SCA phones seize for 15 s").isEqualTo(200);
      assertThat(Integer.parseInt(header(brief, "Expires"))).isBetween(1, 15);
      Decision asked = send("call-info", seize("phone-b", 2).setExpires(600));
      assertThat(Integer.parseInt(header(asked, "Expires"))).isBetween(1, 15);
      drain();

      harness.advance(Duration.ofSeconds(16));
      drain();
      assertThat(send("call-info", seize("phone-c", 2)).getStatusCode()).as("the long one was released").isEqualTo(200);
    }

    @Test
    void callInfoWatchersKeepThePackagesOwnBounds() {
      start(false);
      assertThat(send("call-info", subscribe("call-info", "watcher").setExpires(15)).getStatusCode()).isEqualTo(423);
    }
  }

  @Nested
  class PublisherExclusion {

    @Test
    void aWatcherFromWhereThePublishCameIsNotToldOfIt() {
      start(true);
      send("dialog", subscribe("dialog", "publisher-phone"));
      send("dialog", subscribe("dialog", "other-phone").setSourcePort(5070).setContact("sip:w@192.0.2.20:5070"));
      drain();

      send("dialog", publish("dialog", DIALOG_INFO, dialogInfo("d1", "confirmed")).setSender("192.0.2.20:5062"));

      assertThat(drain()).extracting(NotifyCommand::getCallId).containsExactly("other-phone");
    }

    @Test
    void withoutExclusionThePublisherIsToldToo() {
      start(false);
      send("dialog", subscribe("dialog", "publisher-phone"));
      drain();

      send("dialog", publish("dialog", DIALOG_INFO, dialogInfo("d1", "confirmed")).setSender("192.0.2.20:5062"));

      assertThat(drain()).extracting(NotifyCommand::getCallId).containsExactly("publisher-phone");
    }
  }

  private static Subscribe.Builder subscribe(String event, String callId) {
    return Subscribe.newBuilder().setEvent(event).setCallId(callId).setFromUri("sip:watcher@example.com")
        .setFromTag("tag-" + callId).setToUri(BOB).setCseq(1).setContact("sip:w@192.0.2.20:5062").setExpires(600)
        .setTransport("udp").setSourceHost("192.0.2.20").setSourcePort(5062);
  }

  private static Subscribe.Builder seize(String callId, int appearance) {
    return subscribe("line-seize", callId).setExtraHeaders(List.of(
        new Header("Call-Info", "<" + BOB + ">;appearance-index=" + appearance)));
  }

  private static Publish.Builder publish(String event, String contentType, String body) {
    return Publish.newBuilder().setEvent(event).setCallId("pub").setFromUri(BOB).setExpires(3600)
        .setContentType(contentType)
        .setBody(body == null ? null : ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static Publish.Builder callInfoPublish(String callInfo) {
    return publish("call-info", null, null).setExtraHeaders(List.of(new Header("Call-Info", callInfo)));
  }

  private static String dialogInfo(String id, String state) {
    return "<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"0\" state=\"full\" entity=\"" + BOB
        + "\"><dialog id=\"" + id + "\" direction=\"recipient\"><state>" + state + "</state></dialog></dialog-info>";
  }

  private Decision send(String pkg, Object payloadBuilder) {
    Object payload = payloadBuilder instanceof Subscribe.Builder s ? s.build() : ((Publish.Builder) payloadBuilder).build();
    return harness.send(pkg.equals("line-seize") ? "call-info|" + BOB : pkg + "|" + BOB, payload);
  }

  private List<NotifyCommand> drain() {
    return harness.drain();
  }

  private static String header(Decision decision, String name) {
    return TopologyHarness.headers(decision, name).get(0);
  }

  private static String callInfo(NotifyCommand notify) {
    return notify.getExtraHeaders().stream().filter(h -> h.getName().equals("Call-Info")).map(Header::getValue)
        .findFirst().orElseThrow(() -> new AssertionError("no Call-Info in " + notify));
  }

  private static String body(NotifyCommand notify) {
    ByteBuffer body = notify.getBody().duplicate();
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
