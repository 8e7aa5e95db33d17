package dev.herald.edge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import javax.sip.message.Response;

/**
 * The answers the edge gave, by request id (RFC 3261 §17.2.3), kept for a while so that a
 * retransmission of an answered request gets the same answer again without a server transaction.
 *
 * <p>What is kept is the very response that was sent, not what it was built from: building it
 * again from the retransmission broke Linphone over TCP.
 */
final class AnsweredRequests {

  private final Cache<String, Response> answers;

  AnsweredRequests(Duration ttl, long maximumSize) {
    this(ttl, maximumSize, Ticker.systemTicker());
  }

  AnsweredRequests(Duration ttl, long maximumSize, Ticker ticker) {
    this.answers = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumSize).ticker(ticker).build();
  }

  void remember(String requestId, Response response) {
    answers.put(requestId, response);
  }

  /** The response sent to {@code requestId}, while it is kept. */
  Optional<Response> earlier(String requestId) {
    return Optional.ofNullable(answers.getIfPresent(requestId));
  }

  boolean answered(String requestId) {
    return answers.getIfPresent(requestId) != null;
  }
}
