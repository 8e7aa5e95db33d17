package dev.herald.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.sip.header.EventHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * The edge's SIP requests by method, event package and transport ({@code herald_sip_requests_total})
 * and its responses by method, package and status code ({@code herald_sip_responses_total}).
 *
 * <p>The labels are bounded: a method or package the edge does not know is {@code other}, a request
 * without an Event header is of package {@code none}, a code is its three digits. Each counter is
 * looked up once and kept in an array indexed by its labels, so counting a request allocates nothing.
 */
final class SipCounters {

  static final String REQUESTS = "herald_sip_requests_total";
  static final String RESPONSES = "herald_sip_responses_total";

  static final String OTHER = "other";
  static final String NO_PACKAGE = "none";

  private static final List<String> METHODS = List.of("SUBSCRIBE", "PUBLISH", "REGISTER", "OPTIONS", "CANCEL",
      "ACK", "NOTIFY", "MESSAGE", "INVITE", "BYE", "INFO", "REFER", "UPDATE", "PRACK");
  private static final List<String> TRANSPORTS = List.of("udp", "tcp", "tls", "ws", "wss");
  private static final int CODES = 600;

  private final MeterRegistry registry;
  private final Map<String, Integer> methods = new HashMap<>();
  private final Map<String, Integer> packages = new HashMap<>();
  private final Map<String, Integer> transports = new HashMap<>();
  private final String[] methodNames;
  private final String[] packageNames;
  private final String[] transportNames;
  private final AtomicReferenceArray<Counter> requests;
  private final AtomicReferenceArray<Counter> responses;

  /** @param knownPackages the event packages the edge serves; others count as {@code other} */
  SipCounters(MeterRegistry registry, List<String> knownPackages) {
    this.registry = registry;
    this.methodNames = index(METHODS, methods, false);
    List<String> names = new ArrayList<>(knownPackages);
    names.add(NO_PACKAGE);
    this.packageNames = index(names, packages, true);
    this.transportNames = index(TRANSPORTS, transports, true);
    this.requests = new AtomicReferenceArray<>(methodNames.length * packageNames.length * transportNames.length);
    this.responses = new AtomicReferenceArray<>(methodNames.length * packageNames.length * CODES);
  }

  /** Names in their order, {@code other} last; each also found upper-cased ({@code upper}) or lower-cased. */
  private static String[] index(List<String> names, Map<String, Integer> into, boolean upper) {
    String[] all = new String[names.size() + 1];
    for (int i = 0; i < names.size(); i++) {
      all[i] = names.get(i);
      into.put(names.get(i), i);
      into.put(upper ? names.get(i).toUpperCase(Locale.ROOT) : names.get(i).toLowerCase(Locale.ROOT), i);
    }
    all[names.size()] = OTHER;
    return all;
  }

  /** Counts a request as it arrives. */
  void request(Request request) {
    countRequest(methodOf(request.getMethod()), packageOf(request), transportOf(request));
  }

  /** Counts a request the edge read without parsing it whole: its method, Event package (null: none) and transport. */
  void request(String method, String eventPackage, String transport) {
    Integer known = transport == null ? null : transports.get(transport);
    countRequest(methodOf(method), packageOf(eventPackage), known != null ? known : transportNames.length - 1);
  }

  private void countRequest(int method, int pkg, int transport) {
    int slot = (method * packageNames.length + pkg) * transportNames.length + transport;
    Counter counter = requests.get(slot);
    if (counter == null) {
      counter = Counter.builder(REQUESTS).description("SIP requests received by the edge")
          .tag("method", methodNames[method]).tag("package", packageNames[pkg])
          .tag("transport", transportNames[transport]).register(registry);
      requests.set(slot, counter);
    }
    counter.increment();
  }

  /** Counts a response to {@code request} as it leaves. */
  void response(Request request, int status) {
    countResponse(methodOf(request.getMethod()), packageOf(request), status);
  }

  /** Counts a response to a request of {@code method} and {@code eventPackage} (null: none) as it leaves. */
  void response(String method, String eventPackage, int status) {
    countResponse(methodOf(method), packageOf(eventPackage), status);
  }

  private void countResponse(int method, int pkg, int status) {
    if (status < 100 || status > 699) {
      return;
    }
    int slot = (method * packageNames.length + pkg) * CODES + (status - 100);
    Counter counter = responses.get(slot);
    if (counter == null) {
      counter = Counter.builder(RESPONSES).description("SIP responses sent by the edge")
          .tag("method", methodNames[method]).tag("package", packageNames[pkg])
          .tag("code", Integer.toString(status)).register(registry);
      responses.set(slot, counter);
    }
    counter.increment();
  }

  private int methodOf(String method) {
    Integer found = method == null ? null : methods.get(method);
    return found != null ? found : methodNames.length - 1;
  }

  private int packageOf(Request request) {
    EventHeader event = (EventHeader) request.getHeader(EventHeader.NAME);
    return packageOf(event == null ? null : event.getEventType());
  }

  private int packageOf(String eventType) {
    if (eventType == null) {
      return packages.get(NO_PACKAGE);
    }
    Integer found = packages.get(eventType);
    return found != null ? found : packageNames.length - 1;
  }

  private int transportOf(Request request) {
    ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
    Integer found = via == null || via.getTransport() == null ? null : transports.get(via.getTransport());
    return found != null ? found : transportNames.length - 1;
  }
}
