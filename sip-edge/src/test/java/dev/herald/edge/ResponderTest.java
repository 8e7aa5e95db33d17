package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.herald.avro.Header;
import dev.herald.common.sip.SipHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sip.SipException;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ResponderTest {

  private final List<Response> sent = new CopyOnWriteArrayList<>();
  private final AnsweredRequests answered = new AnsweredRequests(Duration.ofSeconds(32), 100);
  private final Responder responder = new Responder(SipRequests.MESSAGES, SipRequests.HEADERS, sent::add, answered, 7,
      new SipCounters(new SimpleMeterRegistry(), List.of("presence")));
  private final Logger edgeLog = (Logger) LoggerFactory.getLogger(SipEdge.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @AfterEach
  void detach() {
    edgeLog.detachAppender(logged);
  }

  private static String toTag(Response response) {
    return ((ToHeader) response.getHeader(ToHeader.NAME)).getTag();
  }

  @Test
  void aKeptAnswerIsTheVeryResponseThatWasSent() {
    Request request = SipRequests.subscribe("z9hG4bK-kept");
    String id = RequestIds.of(request);

    responder.respond(id, request, 202, "Accepted", List.of(new Header("Expires", "600")), null);

    assertThat(sent).singleElement().satisfies(response -> {
      assertThat(answered.earlier(id)).containsSame(response);
      assertThat(response.getStatusCode()).isEqualTo(202);
      assertThat(response.getHeader("Expires").toString()).contains("600");
      assertThat(toTag(response)).isEqualTo(RequestIds.tagFor(id));
    });
  }

  @Test
  void theProcessorsToTagIsTheAnswersTag() {
    Request request = SipRequests.subscribe("z9hG4bK-tagged");

    responder.respond(RequestIds.of(request), request, 200, "OK", List.of(), "tag-from-processor");

    assertThat(toTag(sent.get(0))).isEqualTo("tag-from-processor");
  }

  @Test
  void anAnswerThatCannotBeBuiltBecomesA500ThatIsNotKept() {
    Request request = SipRequests.subscribe("z9hG4bK-unbuildable");
    String id = RequestIds.of(request);

    responder.respond(id, request, 200, "OK", List.of(new Header("Expires", "soon")), null);

    assertThat(sent).singleElement().extracting(Response::getStatusCode).isEqualTo(500);
    assertThat(answered.answered(id)).isFalse();
  }

  @Test
  void anAnswerIsKeptEvenWhenItCouldNotBeSent() {
    Request request = SipRequests.subscribe("z9hG4bK-unsent");
    String id = RequestIds.of(request);
    Responder failing = new Responder(SipRequests.MESSAGES, SipRequests.HEADERS, response -> {
      throw new SipException("no route");
    }, answered, 7, new SipCounters(new SimpleMeterRegistry(), List.of("presence")));

    failing.respond(id, request, 202, "Accepted", List.of(), null);

    assertThat(answered.earlier(id)).hasValueSatisfying(r -> assertThat(r.getStatusCode()).isEqualTo(202));
  }

  @Test
  void anAnswerSentQuietlyIsNotKeptAndIsTaggedByTheRequest() {
    Request request = SipRequests.request(Request.OPTIONS, "z9hG4bK-options");

    responder.sendQuietly(request, 200, "OK", List.of(new Header("Allow", RequestIntake.ALLOW),
        new Header("Supported", "")));

    Response response = sent.get(0);
    assertThat(answered.answered(RequestIds.of(request))).isFalse();
    assertThat(toTag(response)).isEqualTo(RequestIds.tagFor(RequestIds.of(request)));
    assertThat(response.getHeaders("Allow")).toIterable().hasSize(4);
    assertThat(response.getHeader("Supported")).as("sent with an empty value").isNotNull();
  }

  @Test
  void aProvisionalAnswerCarriesNoToTag() {
    Request request = SipRequests.subscribe("z9hG4bK-trying");

    responder.sendQuietly(request, 100, "Trying", List.of());

    assertThat(toTag(sent.get(0))).isNull();
  }

  @Test
  void headersParsedOnceAreCopiedIntoEachAnswerAsTheParserMakesThem() throws ParseException {
    List<Header> options = List.of(new Header("Allow", "SUBSCRIBE, NOTIFY, PUBLISH"),
        new Header("Allow-Events", "presence, dialog"), new Header("Supported", "eventlist"),
        new Header("Accept", "application/pidf+xml, application/dialog-info+xml"), new Header("Min-Expires", "60"));
    Request request = SipRequests.request(Request.OPTIONS, "z9hG4bK-configured");
    Response parsedEachTime = SipRequests.MESSAGES.createResponse(200, request);
    ((ToHeader) parsedEachTime.getHeader(ToHeader.NAME)).setTag(RequestIds.tagFor(RequestIds.of(request)));
    for (Header header : options) {
      SipHeaders.parse(SipRequests.HEADERS, header.getName(), header.getValue()).forEach(parsedEachTime::addHeader);
    }

    responder.sendQuietly(request, 200, "OK", options);
    responder.sendQuietly(request, 200, "OK", options);

    assertThat(sent).hasSize(2).allSatisfy(response -> assertThat(response).hasToString(parsedEachTime.toString()));
    assertThat(sent.get(1).getHeader("Accept")).isNotSameAs(sent.get(0).getHeader("Accept"));
  }

  @Test
  void every503HasARetryAfterOfItsOwnAsTheParserWouldMakeIt() throws ParseException {
    responder.unavailable(SipRequests.subscribe("z9hG4bK-first"));
    responder.unavailable(SipRequests.subscribe("z9hG4bK-second"));

    javax.sip.header.Header first = sent.get(0).getHeader("Retry-After");
    assertThat(first).isNotSameAs(sent.get(1).getHeader("Retry-After"));
    assertThat(first).hasToString(SipRequests.HEADERS.createHeader("Retry-After", "7").toString());
  }

  @Test
  void unavailableIs503WithRetryAfterAndSaysWhyInTheEdgesLog() {
    logged.start();
    edgeLog.addAppender(logged);
    Request request = SipRequests.subscribe("z9hG4bK-unavailable");

    responder.answerUnavailable(request, "no decision in time");

    assertThat(sent).singleElement().satisfies(response -> {
      assertThat(response.getStatusCode()).isEqualTo(503);
      assertThat(response.getHeader("Retry-After").toString()).contains("7");
    });
    assertThat(answered.answered(RequestIds.of(request))).isFalse();
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("answering 503 with Retry-After: no decision in time");
  }
}
