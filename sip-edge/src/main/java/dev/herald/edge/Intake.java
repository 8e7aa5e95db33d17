package dev.herald.edge;

import dev.herald.avro.Header;
import dev.herald.avro.RequestEvent;
import java.util.List;

/** What the edge makes of one request: an event for the processor, or an answer of its own. */
public sealed interface Intake {

  /** The request is valid as far as the edge can tell; the processor decides. */
  record Forward(RequestEvent event) implements Intake {}

  /** The edge answers at once. */
  record Reject(int status, String reason, List<Header> headers) implements Intake {
    public Reject {
      headers = List.copyOf(headers);
    }

    public static Reject of(int status, String reason) {
      return new Reject(status, reason, List.of());
    }

    public static Reject of(int status, String reason, String headerName, String headerValue) {
      return new Reject(status, reason, List.of(new Header(headerName, headerValue)));
    }
  }
}
