package dev.herald.processor.logic;

import dev.herald.avro.Header;
import dev.herald.avro.Registration;
import dev.herald.packages.state.Binding;
import dev.herald.processor.RegistrarSettings;
import dev.herald.processor.state.StateCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The bindings of one address of record after a REGISTER (RFC 3261 §10.3), or the reason the
 * request fails. Pure: time comes in, the new bindings or a refusal go out; nothing changes
 * unless the whole request succeeds.
 */
final class Registrar {

  /** What a REGISTER does to the bindings. */
  sealed interface Outcome {
    /** The bindings now in force, which the 200 lists. */
    record Updated(List<Binding> bindings) implements Outcome {}

    /** The request fails and no binding changes. */
    record Refused(int status, String reason, List<Header> headers) implements Outcome {}
  }

  static final String EDGE_SOURCE = "edge";

  private final RegistrarSettings settings;

  Registrar(RegistrarSettings settings) {
    this.settings = settings;
  }

  Outcome apply(List<Binding> current, Registration registration, long nowMs) {
    List<Binding> bindings = new ArrayList<>(current.stream().filter(b -> !b.expiredAt(nowMs)).toList());
    boolean fromEdge = EDGE_SOURCE.equals(registration.getSource());
    if (registration.getRemoveAll()) {
      return removeAll(bindings, registration);
    }
    for (dev.herald.avro.Binding requested : registration.getBindings()) {
      int expires = requested.getExpires() >= 0 ? requested.getExpires() : settings.defaultExpires();
      if (fromEdge && expires > 0 && expires < settings.minExpires()) {
        // RFC 3261 §10.3 step 7: too brief, with the shortest the registrar accepts.
        return new Outcome.Refused(423, "Interval Too Brief",
            List.of(new Header("Min-Expires", Integer.toString(settings.minExpires()))));
      }
      expires = Math.min(expires, settings.maxExpires());
      int found = indexOf(bindings, requested);
      if (found >= 0) {
        Binding existing = bindings.get(found);
        if (outOfOrder(existing, registration)) {
          return outOfOrderRefusal();
        }
        if (expires == 0) {
          bindings.remove(found);
        } else {
          bindings.set(found, binding(requested, registration, expires, existing.registeredAtMs(), nowMs));
        }
      } else if (expires > 0) {
        bindings.add(binding(requested, registration, expires, nowMs, nowMs));
      }
    }
    if (bindings.size() > settings.maxContacts() && bindings.size() > current.size()) {
      return new Outcome.Refused(503, "Too Many Registered Contacts", List.of());
    }
    return new Outcome.Updated(bindings);
  }

  /** The Contact headers of the 200 (RFC 3261 §10.3 step 8): every binding with the seconds it has left. */
  static List<Header> contactHeaders(List<Binding> bindings, long nowMs) {
    return bindings.stream().map(b -> {
      StringBuilder value = new StringBuilder("<").append(b.contact()).append(">;expires=").append(b.secondsLeft(nowMs));
      if (b.instanceId() != null) {
        value.append(";+sip.instance=\"").append(b.instanceId()).append('"');
      }
      if (b.regId() != null) {
        value.append(";reg-id=").append(b.regId());
      }
      return new Header("Contact", value.toString());
    }).toList();
  }

  /**
   * RFC 3261 §10.3 step 6: "*" removes every binding, but one that the same client (Call-ID)
   * changed with a higher CSeq aborts the request. An external registrar removes only what it
   * reported.
   */
  private static Outcome removeAll(List<Binding> bindings, Registration registration) {
    List<Binding> kept = new ArrayList<>();
    for (Binding binding : bindings) {
      if (!binding.source().equals(registration.getSource())) {
        kept.add(binding);
      } else if (outOfOrder(binding, registration)) {
        return outOfOrderRefusal();
      }
    }
    return new Outcome.Updated(kept);
  }

  /**
   * RFC 3261 §10.3 step 7: the same Call-ID with a CSeq not above the stored one is out of order.
   * An external registrar already ordered its REGISTERs, and its events may carry no CSeq.
   */
  private static boolean outOfOrder(Binding existing, Registration registration) {
    return EDGE_SOURCE.equals(registration.getSource()) && existing.callId().equals(registration.getCallId())
        && registration.getCseq() <= existing.cseq();
  }

  private static Outcome outOfOrderRefusal() {
    return new Outcome.Refused(500, "Out of Order Registration", List.of(new Header("Retry-After", "1")));
  }

  private static int indexOf(List<Binding> bindings, dev.herald.avro.Binding requested) {
    for (int i = 0; i < bindings.size(); i++) {
      if (bindings.get(i).matches(requested.getContact(), requested.getInstanceId(), requested.getRegId())) {
        return i;
      }
    }
    return -1;
  }

  private static Binding binding(dev.herald.avro.Binding requested, Registration registration, int expires,
      long registeredAtMs, long nowMs) {
    return new Binding(requested.getContact(), nowMs + expires * 1000L, registration.getCallId(),
        registration.getCseq(), requested.getQ(), requested.getInstanceId(), requested.getRegId(),
        registration.getSource(), registration.getUserAgent(), registeredAtMs,
        registration.getFlow() == null ? null : StateCodec.fromAvro(registration.getFlow()));
  }
}
