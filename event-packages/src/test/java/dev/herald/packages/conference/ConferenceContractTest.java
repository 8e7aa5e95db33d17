package dev.herald.packages.conference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Publish;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.EventPackageContract;
import dev.herald.packages.spi.EventPackageProvider;
import java.util.List;

class ConferenceContractTest extends EventPackageContract {

  private static String roster(long version, String user) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\" entity=\"" + URI
        + "\" state=\"full\" version=\"" + version + "\"><users><user entity=\"" + user
        + "\" state=\"full\"><status>connected</status></user></users></conference-info>";
  }

  @Override
  protected EventPackageProvider provider() {
    return new ConferenceProvider();
  }

  @Override
  protected String event() {
    return "conference";
  }

  @Override
  protected List<Publish> goodPublications() {
    return List.of(publish(roster(1, "sip:alice@example.com")), publish(roster(2, "sip:carol@example.com")));
  }

  @Override
  protected List<Publish> badPublications() {
    return List.of(publish("<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\""),
        publish("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"" + URI + "\"/>"));
  }

  @Override
  protected void assertNotifyContent(Content content) {
    assertThat(content.contentType()).isEqualTo(ConferenceInfo.CONTENT_TYPE);
    assertDocument(content.body());
  }

  @Override
  protected void assertDocument(byte[] document) {
    assertXmlRoot(document, ConferenceInfo.NS, "conference-info");
  }
}
