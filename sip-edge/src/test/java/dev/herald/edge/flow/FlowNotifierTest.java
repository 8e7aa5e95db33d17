package dev.herald.edge.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.NotifyCommand;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowNotifierTest {

  private static NotifyCommand overFlow(String requestUri) {
    return NotifyCommand.newBuilder()
        .setSubscriptionId("sub-1")
        .setResource("presence|sip:bob@example.com")
        .setRequestUri(requestUri)
        .setRouteSet(List.of())
        .setCallId("c1@192.0.2.10")
        .setFromUri("sip:bob@example.com")
        .setFromTag("n1")
        .setToUri("sip:alice@example.com")
        .setToTag("a1")
        .setCseq(4)
        .setEvent("presence")
        .setSubscriptionState("active;expires=600")
        .setContentType("application/pidf+xml")
        .setBody(ByteBuffer.wrap("<presence/>".getBytes(StandardCharsets.UTF_8)))
        .setTransport("tcp")
        .setDestinationHost("203.0.113.5")
        .setDestinationPort(61000)
        .setEdgeId("edge-3")
        .setEdgeInstance(3)
        .setCreatedAtMs(1234L)
        .build();
  }

  @Test
  void aNotifyToItsContactLosesItsFlowDestinationAndEdgeInstance() {
    NotifyCommand command = overFlow("sip:alice@192.0.2.10:5062;transport=tcp");

    NotifyCommand toContact = FlowNotifier.toContact(command);

    assertThat(toContact.getDestinationHost()).isNull();
    assertThat(toContact.getDestinationPort()).isNull();
    assertThat(toContact.getEdgeInstance()).isNull();
    assertThat(toContact.getTransport()).isEqualTo("tcp");
  }

  @Test
  void aNotifyToItsContactKeepsTheDialogAndBody() {
    NotifyCommand command = overFlow("sip:alice@192.0.2.10:5062");

    NotifyCommand toContact = FlowNotifier.toContact(command);

    assertThat(toContact.getRequestUri()).isEqualTo("sip:alice@192.0.2.10:5062");
    assertThat(toContact.getSubscriptionId()).isEqualTo("sub-1");
    assertThat(toContact.getCallId()).isEqualTo("c1@192.0.2.10");
    assertThat(toContact.getToTag()).isEqualTo("a1");
    assertThat(toContact.getCseq()).isEqualTo(4);
    assertThat(toContact.getSubscriptionState()).isEqualTo("active;expires=600");
    assertThat(toContact.getBody()).isEqualTo(ByteBuffer.wrap("<presence/>".getBytes(StandardCharsets.UTF_8)));
    assertThat(toContact.getTransport()).as("the Contact names no transport: UDP (RFC 3263)").isEqualTo("udp");
    assertThat(command.getDestinationHost()).as("the command itself is left as it was").isEqualTo("203.0.113.5");
    assertThat(command.getEdgeInstance()).isEqualTo(3);
  }

  @Test
  void theTransportComesFromTheContactsTransportParameter() {
    assertThat(FlowNotifier.transportOf("sip:alice@192.0.2.10:5062;transport=tcp")).isEqualTo("tcp");
    assertThat(FlowNotifier.transportOf("sip:alice@192.0.2.10:5062;transport=TCP")).isEqualTo("tcp");
    assertThat(FlowNotifier.transportOf("sip:alice@192.0.2.10:5062;transport=tcp;ob")).isEqualTo("tcp");
    assertThat(FlowNotifier.transportOf("sip:alice@192.0.2.10;transport=tcp?Subject=x")).isEqualTo("tcp");
    assertThat(FlowNotifier.transportOf("sip:alice@192.0.2.10;transport=udp")).isEqualTo("udp");
  }

  @Test
  void aSipsContactWithoutTransportIsTls() {
    assertThat(FlowNotifier.transportOf("sips:alice@example.com")).isEqualTo("tls");
    assertThat(FlowNotifier.transportOf("SIPS:alice@example.com:5061")).isEqualTo("tls");
  }

  @Test
  void aSipContactWithoutTransportIsUdp() {
    assertThat(FlowNotifier.transportOf("sip:alice@192.0.2.10:5062")).isEqualTo("udp");
    assertThat(FlowNotifier.transportOf("sip:alice@192.0.2.10;ob")).isEqualTo("udp");
  }
}
