package dev.herald.edge.auth;

import dev.herald.avro.Header;
import dev.herald.avro.Publish;
import dev.herald.avro.Registration;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import java.util.List;

/** What the edge does about a request's credentials. */
public sealed interface AuthDecision {

  /** The request's domain needs no authentication. */
  record NotRequired() implements AuthDecision {}

  /** Good credentials: the request goes on, its event asserting this AOR. */
  record Authenticated(String aor) implements AuthDecision {

    /** Sets the event's assertedIdentity to this AOR. */
    public void assertOn(RequestEvent event) {
      Object payload = event.getPayload();
      if (payload instanceof Subscribe subscribe) {
        subscribe.setAssertedIdentity(aor);
      } else if (payload instanceof Publish publish) {
        publish.setAssertedIdentity(aor);
      } else if (payload instanceof Registration registration) {
        registration.setAssertedIdentity(aor);
      }
    }
  }

  /** 401 with these WWW-Authenticate headers (RFC 3261 §22.2). */
  record Challenge(List<Header> headers) implements AuthDecision {
    public Challenge {
      headers = List.copyOf(headers);
    }
  }

  /** The edge answers with this status at once (400, 403). */
  record Refuse(int status, String reason) implements AuthDecision {}

  /** Credentials cannot be checked yet (the credentials are still loading): 503. */
  record Unavailable(String why) implements AuthDecision {}
}
