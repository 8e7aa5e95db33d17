package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.net.SourceLimits;
import dev.herald.common.sip.SipConnectionLimits;
import dev.herald.common.sip.SipTls;
import dev.herald.edge.ws.WebSocketSettings;
import dev.herald.packages.spi.EventDescriptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EdgeConfigTest {

  private static final EdgeConfig OK = EdgeConfig.defaults("127.0.0.1", 5060);

  private static EdgeConfig with(int port, int replyPartition, Duration timeout, int maxPending, List<EventDescriptor> packages) {
    return EdgeConfig.builder("127.0.0.1", port).edgeId("e").replyPartition(replyPartition).decisionTimeout(timeout)
        .admission(new AdmissionLimits(maxPending, 1, Duration.ofMillis(250), Duration.ofSeconds(1)))
        .maxBodyBytes(1024).packages(packages).build();
  }

  @Test
  void portMustBeAPort() {
    assertThatThrownBy(() -> with(70000, 0, Duration.ofSeconds(1), 1, OK.packages())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTlsPortMustBeAPortOtherThanTheSipPort() {
    Optional<SipTls> tls = Optional.of(SipTls.of(Path.of("cert.pem"), Path.of("key.pem")));

    assertThatThrownBy(() -> OK.toBuilder().tls(tls, 5060).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must differ");
    assertThatThrownBy(() -> OK.toBuilder().tls(tls, 65536).build()).isInstanceOf(IllegalArgumentException.class);
    assertThat(OK.toBuilder().tls(tls, 5061).build().tlsPort()).isEqualTo(5061);
    assertThat(OK.tls()).as("no TLS unless asked for").isEmpty();
  }

  @Test
  void replyPartitionMustExistInTheRepliesTopic() {
    assertThatThrownBy(() -> with(5060, 16, Duration.ofSeconds(1), 1, OK.packages())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> with(5060, -1, Duration.ofSeconds(1), 1, OK.packages())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decisionTimeoutMustBePositive() {
    assertThatThrownBy(() -> with(5060, 0, Duration.ZERO, 1, OK.packages())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void atLeastOnePendingRequest() {
    assertThatThrownBy(() -> with(5060, 0, Duration.ofSeconds(1), 0, OK.packages())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void admissionFloorLiesBetweenOneAndTheMaximum() {
    assertThatThrownBy(() -> new AdmissionLimits(10, 0, Duration.ofMillis(250), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AdmissionLimits(10, 11, Duration.ofMillis(250), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new AdmissionLimits(10, 10, Duration.ofMillis(250), Duration.ofSeconds(1)).floor()).isEqualTo(10);
  }

  @Test
  void admissionDelayAndWindowArePositive() {
    assertThatThrownBy(() -> new AdmissionLimits(10, 1, Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AdmissionLimits(10, 1, Duration.ofMillis(250), Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void packagesAreNeededAndUnique() {
    assertThatThrownBy(() -> with(5060, 0, Duration.ofSeconds(1), 1, List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> with(5060, 0, Duration.ofSeconds(1), 1,
        List.of(OK.packages().get(0), OK.packages().get(0)))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theBuilderKeepsWhatIsNotSetAndEachWitherChangesOnlyItsOwn() {
    EdgeConfig other = OK.withEdge("edge-7", 7, Duration.ofSeconds(2), 9).withReusePort(true);

    assertThat(other.edgeId()).isEqualTo("edge-7");
    assertThat(other.replyPartition()).isEqualTo(7);
    assertThat(other.decisionTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(other.retryAfterSeconds()).isEqualTo(9);
    assertThat(other.reusePort()).isTrue();
    assertThat(other.toBuilder().edgeId(OK.edgeId()).replyPartition(0).decisionTimeout(OK.decisionTimeout())
        .retryAfterSeconds(OK.retryAfterSeconds()).reusePort(false).build()).isEqualTo(OK);
  }

  @Test
  void theDefaultsServeEveryInstalledEvent() {
    assertThat(OK.packagesByName()).containsKeys("presence", "presence.winfo", "dialog", "dialog;sla", "call-info",
        "line-seize", "conference");
  }

  @Test
  void secureWebSocketNeedsTheTlsCertificate() {
    assertThatThrownBy(() -> EdgeConfig.builder("127.0.0.1", 5060)
        .webSocket(Optional.of(WebSocketSettings.ws(0).withWssPort(0))).build())
        .hasMessageContaining("wss");
    assertThat(EdgeConfig.builder("127.0.0.1", 5060)
        .webSocket(Optional.of(WebSocketSettings.ws(0))).build().webSocket()).isPresent();
  }

  @Test
  void theSipConnectionLimitsAreTheDefaultsUnlessGivenAndSurviveTheBuilder() {
    assertThat(OK.sipConnections()).isEqualTo(SipConnectionLimits.defaults());
    SipConnectionLimits small = new SipConnectionLimits(new SourceLimits(2, 1, 10), Duration.ofSeconds(60));

    EdgeConfig limited = OK.toBuilder().sipConnections(small).build();

    assertThat(limited.sipConnections()).isEqualTo(small);
    assertThat(limited.toBuilder().build()).isEqualTo(limited);
  }

  @Test
  void atLeastOneDatagramMayWaitForTheParser() {
    assertThatThrownBy(() -> OK.toBuilder().maxUnparsed(0).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxUnparsed");
    assertThat(OK.toBuilder().maxUnparsed(1).build().maxUnparsed()).isEqualTo(1);
  }

  @Test
  void theUdpReceiveBufferHoldsAtLeastOneLargestDatagram() {
    assertThatThrownBy(() -> OK.toBuilder().udpReceiveBufferBytes(65_535).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("udpReceiveBufferBytes");
    assertThat(OK.udpReceiveBufferBytes()).isEqualTo(EdgeConfig.DEFAULT_UDP_RECEIVE_BUFFER_BYTES);
  }
}
