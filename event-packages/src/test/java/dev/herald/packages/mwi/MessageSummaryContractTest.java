package dev.herald.packages.mwi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Publish;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.EventPackageContract;
import dev.herald.packages.spi.EventPackageProvider;
import java.util.List;

class MessageSummaryContractTest extends EventPackageContract {

  @Override
  protected EventPackageProvider provider() {
    return new MessageSummaryProvider();
  }

  @Override
  protected String event() {
    return "message-summary";
  }

  @Override
  protected List<Publish> goodPublications() {
    return List.of(publish("Messages-Waiting: yes\r\nVoice-Message: 2/8 (0/2)\r\n"),
        publish("Messages-Waiting: no\r\nMessage-Account: sip:voicemail@example.com\r\nVoice-Message: 0/10\r\n"));
  }

  @Override
  protected List<Publish> badPublications() {
    return List.of(publish("Voice-Message: 2/8\r\n"), publish("Messages-Waiting: maybe\r\n"),
        publish("Messages-Waiting: yes\r\nVoice-Message: two/eight\r\n"));
  }

  @Override
  protected void assertNotifyContent(Content content) {
    assertThat(content.contentType()).isEqualTo(MessageSummaryFormat.CONTENT_TYPE);
    assertDocument(content.body());
  }

  @Override
  protected void assertDocument(byte[] document) {
    assertThat(MessageSummaryFormat.parse(document)).isInstanceOf(MessageSummaryFormat.Parsed.Ok.class);
  }
}
