package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

class SipCountersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SipCounters counters = new SipCounters(registry, List.of("presence", "dialog"));

  private double requests(String method, String pkg, String transport) {
    var counter = registry.find(SipCounters.REQUESTS).tags("method", method, "package", pkg, "transport", transport)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  private double responses(String method, String pkg, String code) {
    var counter = registry.find(SipCounters.RESPONSES).tags("method", method, "package", pkg, "code", code).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void requestsAreCountedByMethodPackageAndTransport() {
    counters.request(SipRequests.subscribe("z9hG4bK-1"));
    counters.request(SipRequests.subscribe("z9hG4bK-2"));
    counters.request(SipRequests.request(Request.PUBLISH, "z9hG4bK-3", "Event: dialog"));
    counters.request(SipRequests.request(Request.REGISTER, "z9hG4bK-4"));

    assertThat(requests("SUBSCRIBE", "presence", "udp")).isEqualTo(2);
    assertThat(requests("PUBLISH", "dialog", "udp")).isEqualTo(1);
    assertThat(requests("REGISTER", "none", "udp")).isEqualTo(1);
  }

  @Test
  void unknownMethodsAndPackagesCountAsOtherSoLabelsStayBounded() {
    counters.request(SipRequests.request("FROBNICATE", "z9hG4bK-5", "Event: x-vendor-thing"));
    counters.request(SipRequests.request(Request.SUBSCRIBE, "z9hG4bK-6", "Event: x-other-thing"));

    assertThat(requests("other", "other", "udp")).isEqualTo(1);
    assertThat(requests("SUBSCRIBE", "other", "udp")).isEqualTo(1);
    assertThat(registry.find(SipCounters.REQUESTS).counters()).hasSize(2);
  }

  @Test
  void responsesAreCountedByTheirRequestsMethodAndPackageAndTheirCode() {
    Request subscribe = SipRequests.subscribe("z9hG4bK-7");
    counters.response(subscribe, 200);
    counters.response(subscribe, 503);
    counters.response(subscribe, 503);

    assertThat(responses("SUBSCRIBE", "presence", "200")).isEqualTo(1);
    assertThat(responses("SUBSCRIBE", "presence", "503")).isEqualTo(2);
  }

  @Test
  void aTransportIsFoundWhateverItsCase() {
    counters.request(SipRequests.parse("OPTIONS sip:bob@example.com SIP/2.0\n"
        + "Via: SIP/2.0/TCP 192.0.2.10:5062;branch=z9hG4bK-8\n"
        + "From: <sip:alice@example.com>;tag=a1\n"
        + "To: <sip:bob@example.com>\n"
        + "Call-ID: z9hG4bK-8@192.0.2.10\n"
        + "CSeq: 1 OPTIONS\n"
        + "Max-Forwards: 70\n"
        + "Content-Length: 0\n\n"));

    assertThat(requests("OPTIONS", "none", "tcp")).isEqualTo(1);
  }
}
