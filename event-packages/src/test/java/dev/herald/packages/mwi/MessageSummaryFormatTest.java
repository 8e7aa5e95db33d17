package dev.herald.packages.mwi;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.packages.mwi.MessageSummary.Counts;
import dev.herald.packages.mwi.MessageSummary.MessageClass;
import dev.herald.packages.mwi.MessageSummaryFormat.Limits;
import dev.herald.packages.mwi.MessageSummaryFormat.Parsed;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageSummaryFormatTest {

  /** The body of message A3 in RFC 3842 §4.1. */
  private static final String RFC_EXAMPLE = """
      Messages-Waiting: yes\r
      Message-Account: sip:alice@vmail.example.com\r
      Voice-Message: 2/8 (0/2)\r
      """;

  /** The body of message A5 in RFC 3842 §4.1: a summary followed by the headers of one message. */
  private static final String RFC_EXAMPLE_WITH_MESSAGE_HEADERS = """
      Messages-Waiting: yes\r
      Message-Account: sip:alice@vmail.example.com\r
      Voice-Message: 4/8 (1/2)\r
      \r
      To: <alice@atlanta.example.com>\r
      From: <bob@biloxi.example.com>\r
      Subject: carpool tomorrow?\r
      Date: Sun, 09 May 2004 16:35:00 -0500\r
      Priority: normal\r
      Message-ID: 13784434989@vmail.example.com\r
      """;

  private static Parsed parse(String body) {
    return MessageSummaryFormat.parse(body.getBytes(UTF_8), Limits.DEFAULT);
  }

  private static MessageSummary parsedSummary(String body) {
    Parsed parsed = parse(body);
    assertThat(parsed).as("parse of %s", body).isInstanceOf(Parsed.Ok.class);
    return ((Parsed.Ok) parsed).summary();
  }

  private static String reasonFor(String body) {
    return reasonFor(body.getBytes(UTF_8), Limits.DEFAULT);
  }

  private static String reasonFor(byte[] body, Limits limits) {
    Parsed parsed = MessageSummaryFormat.parse(body, limits);
    assertThat(parsed).isInstanceOf(Parsed.Bad.class);
    return ((Parsed.Bad) parsed).reason();
  }

  @Test
  void theContentTypeIsTheOneRfc3842Registers() {
    assertThat(MessageSummaryFormat.CONTENT_TYPE).isEqualTo("application/simple-message-summary");
  }

  @Test
  void theRfcExampleBodyParsesToItsCounts() {
    MessageSummary summary = parsedSummary(RFC_EXAMPLE);

    assertThat(summary.messagesWaiting()).isTrue();
    assertThat(summary.messageAccount()).isEqualTo("sip:alice@vmail.example.com");
    assertThat(summary.counts()).containsExactly(Map.entry(MessageClass.VOICE_MESSAGE, new Counts(2, 8, 0, 2)));
  }

  @Test
  void messageHeadersAfterTheEmptyLineAreSkippedAndNotStored() {
    MessageSummary summary = parsedSummary(RFC_EXAMPLE_WITH_MESSAGE_HEADERS);

    assertThat(summary).isEqualTo(new MessageSummary(
        true, "sip:alice@vmail.example.com", Map.of(MessageClass.VOICE_MESSAGE, new Counts(4, 8, 1, 2))));
  }

  @Test
  void linesAfterTheEmptyLineAreNotReadAsSummaryLines() {
    MessageSummary summary = parsedSummary(
        "Messages-Waiting: no\r\n\r\nVoice-Message: 9/9\r\nnot a header at all\r\n");

    assertThat(summary).isEqualTo(MessageSummary.none());
  }

  @Test
  void noneFormatsToTheStatusLineAlone() {
    assertThat(new String(MessageSummaryFormat.format(MessageSummary.none()), UTF_8))
        .isEqualTo("Messages-Waiting: no\r\n");
  }

  @Test
  void formatWritesTheCanonicalTextWithTheUrgentPartAlways() {
    MessageSummary summary = MessageSummary.voice("sip:alice@vmail.example.com", 2, 8)
        .withCounts(MessageClass.FAX_MESSAGE, new Counts(0, 1, 0, 1));

    assertThat(new String(MessageSummaryFormat.format(summary), UTF_8)).isEqualTo("""
        Messages-Waiting: yes\r
        Message-Account: sip:alice@vmail.example.com\r
        Voice-Message: 2/8 (0/0)\r
        Fax-Message: 0/1 (0/1)\r
        """);
  }

  @Test
  void theRfcExampleFormatsBackToItself() {
    assertThat(new String(MessageSummaryFormat.format(parsedSummary(RFC_EXAMPLE)), UTF_8))
        .isEqualTo(RFC_EXAMPLE);
  }

  @Test
  void everySummaryParsesBackFromItsFormat() {
    MessageSummary full = new MessageSummary(true, "sip:alice@vmail.example.com", Map.of(
        MessageClass.VOICE_MESSAGE, new Counts(2, 8, 0, 2),
        MessageClass.FAX_MESSAGE, new Counts(1, 0),
        MessageClass.PAGER_MESSAGE, new Counts(0, 0, 0, 0),
        MessageClass.MULTIMEDIA_MESSAGE, new Counts(7, 3, 2, 1),
        MessageClass.TEXT_MESSAGE, new Counts(1_000_000, 0),
        MessageClass.NONE, new Counts(0, 4, 0, 4)));

    for (MessageSummary summary : new MessageSummary[] {
        full, MessageSummary.none(), MessageSummary.voice(null, 0, 3),
        MessageSummary.voice("sips:bob@example.com", 1, 0)}) {
      Parsed parsed = MessageSummaryFormat.parse(MessageSummaryFormat.format(summary), Limits.DEFAULT);
      assertThat(parsed).isEqualTo(new Parsed.Ok(summary));
    }
  }

  @Test
  void headerNamesAndTheStatusAreReadIgnoringCase() {
    MessageSummary summary = parsedSummary("""
        messages-waiting: YES
        MESSAGE-ACCOUNT: sip:alice@vmail.example.com
        voice-message: 3/1
        fAX-mESSAGE: 0/2 (0/1)
        """);

    assertThat(summary).isEqualTo(new MessageSummary(true, "sip:alice@vmail.example.com", Map.of(
        MessageClass.VOICE_MESSAGE, new Counts(3, 1),
        MessageClass.FAX_MESSAGE, new Counts(0, 2, 0, 1))));
  }

  @Test
  void linesMayEndInLfAlone() {
    MessageSummary summary = parsedSummary(
        "Messages-Waiting: yes\nMessage-Account: sip:alice@vmail.example.com\nVoice-Message: 2/8 (0/2)\n");

    assertThat(summary).isEqualTo(parsedSummary(RFC_EXAMPLE));
  }

  @Test
  void theLastLineMayLackItsLineEnd() {
    assertThat(parsedSummary("Messages-Waiting: yes\r\nVoice-Message: 1/0").countsFor(MessageClass.VOICE_MESSAGE))
        .contains(new Counts(1, 0));
  }

  @Test
  void theUrgentPartIsOptionalAndCountsAsZero() {
    MessageSummary summary = parsedSummary("Messages-Waiting: yes\r\nVoice-Message: 2/8\r\n");

    assertThat(summary.countsFor(MessageClass.VOICE_MESSAGE)).contains(new Counts(2, 8, 0, 0));
  }

  @Test
  void whitespaceAroundTheCountsIsTolerated() {
    MessageSummary summary = parsedSummary(
        "Messages-Waiting :\tyes \r\nVoice-Message :  2 / 8\t( 0 /2 )  \r\nFax-Message:5/6(7/8)\r\n");

    assertThat(summary.messagesWaiting()).isTrue();
    assertThat(summary.countsFor(MessageClass.VOICE_MESSAGE)).contains(new Counts(2, 8, 0, 2));
    assertThat(summary.countsFor(MessageClass.FAX_MESSAGE)).contains(new Counts(5, 6, 7, 8));
  }

  @Test
  void unknownHeadersInTheSummaryAreIgnored() {
    MessageSummary summary = parsedSummary(
        "Messages-Waiting: yes\r\nX-Vendor-Mailbox: 42 / anything (goes)\r\nVoice-Message: 1/0\r\n");

    assertThat(summary).isEqualTo(MessageSummary.voice(null, 1, 0));
  }

  @Test
  void aTabInsideALineIsAllowed() {
    assertThat(parsedSummary("Messages-Waiting:\tno\r\n")).isEqualTo(MessageSummary.none());
  }

  @Test
  void aBodyWithoutMessagesWaitingIsRefused() {
    assertThat(reasonFor("Message-Account: sip:alice@vmail.example.com\r\nVoice-Message: 2/8\r\n"))
        .isEqualTo("Messages-Waiting missing");
  }

  @Test
  void anEmptyBodyIsRefusedForLackingMessagesWaiting() {
    assertThat(reasonFor("")).isEqualTo("Messages-Waiting missing");
    assertThat(reasonFor("\r\nMessages-Waiting: yes\r\n")).isEqualTo("Messages-Waiting missing");
  }

  @Test
  void aMessagesWaitingOtherThanYesOrNoIsRefused() {
    for (String status : new String[] {"maybe", "", "yes no", "true", "1"}) {
      assertThat(reasonFor("Messages-Waiting: " + status + "\r\n"))
          .as(status)
          .isEqualTo("Messages-Waiting must be yes or no");
    }
  }

  @Test
  void aMessagesWaitingAfterTheFirstLineIsRefused() {
    assertThat(reasonFor("Voice-Message: 1/0\r\nMessages-Waiting: yes\r\n"))
        .isEqualTo("Messages-Waiting must be the first line");
    assertThat(reasonFor("Messages-Waiting: yes\r\nMessages-Waiting: no\r\n"))
        .isEqualTo("Messages-Waiting must be the first line");
  }

  @Test
  void aMessageAccountThatIsNotAUriIsRefused() {
    for (String account : new String[] {"alice@vmail.example.com", "", "sip:", "sip:alice @example.com"}) {
      assertThat(reasonFor("Messages-Waiting: yes\r\nMessage-Account: " + account + "\r\n"))
          .as(account)
          .isEqualTo("Message-Account must be a URI");
    }
  }

  @Test
  void aSecondMessageAccountIsRefused() {
    assertThat(reasonFor("""
        Messages-Waiting: yes\r
        Message-Account: sip:alice@vmail.example.com\r
        Message-Account: sip:bob@vmail.example.com\r
        """)).isEqualTo("Message-Account appears twice");
  }

  @Test
  void aClassAppearingTwiceIsRefusedWhateverItsCase() {
    assertThat(reasonFor("Messages-Waiting: yes\r\nVoice-Message: 1/0\r\nvoice-message: 2/0\r\n"))
        .isEqualTo("Voice-Message appears twice");
  }

  @Test
  void aLineWithoutAColonIsRefused() {
    assertThat(reasonFor("Messages-Waiting: yes\r\nVoice-Message 2/8\r\n")).isEqualTo("line without a colon");
  }

  @Test
  void aHeaderNameThatIsNotATokenIsRefused() {
    assertThat(reasonFor("Messages-Waiting: yes\r\n: 2/8\r\n")).isEqualTo("malformed header name");
    assertThat(reasonFor("Messages-Waiting: yes\r\nVoice Message: 2/8\r\n")).isEqualTo("malformed header name");
  }

  @Test
  void countsThatAreNotNewSlashOldWithOptionalUrgentPairAreRefused() {
    for (String counts : new String[] {"2", "", "a/b", "-1/2", "+1/2", "2/8 (0/2", "2/8 0/2", "2/8 (0)",
        "2/8 (0/2) extra", "2//8", "2/8/1", "２/8"}) {
      assertThat(reasonFor("Messages-Waiting: yes\r\nVoice-Message: " + counts + "\r\n"))
          .as(counts)
          .isEqualTo("Voice-Message must be new/old with optional (urgent new/urgent old)");
    }
  }

  @Test
  void aCountAboveTheLimitIsRefusedAndOneAtTheLimitAccepted() {
    Limits limits = new Limits(4096, 10);

    assertThat(reasonFor("Messages-Waiting: yes\r\nText-Message: 0/0 (11/0)\r\n".getBytes(UTF_8), limits))
        .isEqualTo("Text-Message count above 10");
    assertThat(MessageSummaryFormat.parse(
        "Messages-Waiting: yes\r\nText-Message: 10/10 (10/10)\r\n".getBytes(UTF_8), limits))
        .isEqualTo(new Parsed.Ok(new MessageSummary(
            true, null, Map.of(MessageClass.TEXT_MESSAGE, new Counts(10, 10, 10, 10)))));
  }

  @Test
  void theDefaultCountLimitIsOneMillion() {
    assertThat(parsedSummary("Messages-Waiting: yes\r\nVoice-Message: 1000000/0\r\n")
        .countsFor(MessageClass.VOICE_MESSAGE)).contains(new Counts(1_000_000, 0));
    assertThat(reasonFor("Messages-Waiting: yes\r\nVoice-Message: 1000001/0\r\n"))
        .isEqualTo("Voice-Message count above 1000000");
  }

  @Test
  void aCountTooLongForAnyIntegerIsRefusedAsAboveTheLimit() {
    assertThat(reasonFor("Messages-Waiting: yes\r\nVoice-Message: 0/99999999999999999999999999\r\n"))
        .isEqualTo("Voice-Message count above 1000000");
  }

  @Test
  void leadingZerosDoNotCountAgainstTheLimit() {
    Limits limits = new Limits(4096, 5);

    assertThat(MessageSummaryFormat.parse(
        "Messages-Waiting: yes\r\nVoice-Message: 0000000000000000005/0\r\n".getBytes(UTF_8), limits))
        .isEqualTo(new Parsed.Ok(MessageSummary.voice(null, 5, 0)));
  }

  @Test
  void aBodyLargerThanTheLimitIsRefusedAndOneAtTheLimitAccepted() {
    byte[] body = "Messages-Waiting: no\r\n".getBytes(UTF_8);

    assertThat(reasonFor(body, new Limits(body.length - 1, 10))).isEqualTo("body larger than 21 bytes");
    assertThat(MessageSummaryFormat.parse(body, new Limits(body.length, 10)))
        .isEqualTo(new Parsed.Ok(MessageSummary.none()));
  }

  @Test
  void theDefaultBodyLimitIs4096Bytes() {
    String padding = "X-Padding: " + "a".repeat(4096) + "\r\n";
    String atLimit = "Messages-Waiting: no\r\n" + padding.substring(0, 4096 - 22 - 2) + "\r\n";

    assertThat(atLimit.getBytes(UTF_8)).hasSize(4096);
    assertThat(parsedSummary(atLimit)).isEqualTo(MessageSummary.none());
    assertThat(reasonFor(atLimit + "\r\n")).isEqualTo("body larger than 4096 bytes");
  }

  @Test
  void aBodyThatIsNotUtf8IsRefused() {
    byte[] latin1 = "Messages-Waiting: yes\r\nSubject: café\r\n".getBytes(ISO_8859_1);

    assertThat(reasonFor(latin1, Limits.DEFAULT)).isEqualTo("body is not UTF-8");
  }

  @Test
  void utf8TextInIgnoredHeadersIsAccepted() {
    assertThat(parsedSummary("Messages-Waiting: yes\r\n\r\nSubject: café ☕\r\n").messagesWaiting()).isTrue();
  }

  @Test
  void aControlCharacterIsRefusedEvenInIgnoredHeaders() {
    for (String control : new String[] {"\u0000", "\u001b", "\u007f", "\u0085"}) {
      assertThat(reasonFor("Messages-Waiting: yes\r\n\r\nSubject: a" + control + "b\r\n"))
          .as("U+%04X", (int) control.charAt(0))
          .isEqualTo("body contains a control character");
    }
  }

  @Test
  void aCrThatDoesNotEndALineIsRefused() {
    assertThat(reasonFor("Messages-Waiting: yes\rVoice-Message: 1/0\r\n"))
        .isEqualTo("body contains a CR that does not end a line");
    assertThat(reasonFor("Messages-Waiting: yes\r"))
        .isEqualTo("body contains a CR that does not end a line");
  }

  @Test
  void arbitraryBytesGiveAResultRatherThanAnException() {
    Random random = new Random(3842);
    byte[] alphabet = "Messages-Waiting: yes no\r\nVoice-Message 0123456789/() \t:".getBytes(UTF_8);
    for (int round = 0; round < 2_000; round++) {
      byte[] body = new byte[random.nextInt(120)];
      for (int i = 0; i < body.length; i++) {
        body[i] = random.nextInt(20) == 0 ? (byte) random.nextInt() : alphabet[random.nextInt(alphabet.length)];
      }

      assertThat(MessageSummaryFormat.parse(body, Limits.DEFAULT))
          .isInstanceOfAny(Parsed.Ok.class, Parsed.Bad.class);
    }
  }

  @Test
  void limitsRejectANonPositiveBodySizeAndANegativeCount() {
    assertThatThrownBy(() -> new Limits(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Limits(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Limits(10, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new Limits(1, 0)).isEqualTo(new Limits(1, 0));
  }

  @Test
  void theDefaultLimitsAre4096BytesAndOneMillionMessages() {
    assertThat(Limits.DEFAULT).isEqualTo(new Limits(4096, 1_000_000));
  }

  @Test
  void parseWithoutLimitsUsesTheDefaults() {
    byte[] tooLarge = ("Messages-Waiting: no\r\n" + "a".repeat(4096)).getBytes(UTF_8);

    assertThat(MessageSummaryFormat.parse(tooLarge)).isEqualTo(new Parsed.Bad("body larger than 4096 bytes"));
  }
}
