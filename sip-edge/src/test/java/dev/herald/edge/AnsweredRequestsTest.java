package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

class AnsweredRequestsTest {

  private static final Duration TTL = Duration.ofSeconds(32);
  private final AtomicLong now = new AtomicLong();
  private final AnsweredRequests answered = new AnsweredRequests(TTL, 100, now::get);

  @Test
  void aRetransmissionFindsTheVeryResponseThatWasSent() {
    Request request = SipRequests.subscribe("z9hG4bK-kept");
    Response sent = SipRequests.response(request, 202);
    String id = RequestIds.of(request);

    answered.remember(id, sent);

    assertThat(answered.earlier(RequestIds.of(SipRequests.subscribe("z9hG4bK-kept")))).containsSame(sent);
    assertThat(answered.answered(id)).isTrue();
  }

  @Test
  void anotherRequestFindsNoAnswer() {
    Request request = SipRequests.subscribe("z9hG4bK-one");
    answered.remember(RequestIds.of(request), SipRequests.response(request, 202));

    String other = RequestIds.of(SipRequests.subscribe("z9hG4bK-other"));

    assertThat(answered.earlier(other)).isEmpty();
    assertThat(answered.answered(other)).isFalse();
  }

  @Test
  void anAnswerIsKeptForItsTimeAndThenForgotten() {
    Request request = SipRequests.subscribe("z9hG4bK-ttl");
    String id = RequestIds.of(request);
    answered.remember(id, SipRequests.response(request, 202));

    now.addAndGet(TTL.toNanos() - 1);
    assertThat(answered.answered(id)).isTrue();
    now.addAndGet(1);
    assertThat(answered.earlier(id)).isEmpty();
    assertThat(answered.answered(id)).isFalse();
  }
}
