package dev.herald.packages.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Publish;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.EventPackageContract;
import dev.herald.packages.spi.EventPackageProvider;
import java.util.List;

class PresenceContractTest extends EventPackageContract {

  private static String pidf(String tuple, String basic) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"" + URI + "\">"
        + "<tuple id=\"" + tuple + "\"><status><basic>" + basic + "</basic></status></tuple></presence>";
  }

  @Override
  protected EventPackageProvider provider() {
    return new PresenceProvider();
  }

  @Override
  protected String event() {
    return "presence";
  }

  @Override
  protected List<Publish> goodPublications() {
    return List.of(publish(pidf("desk", "open")), publish(pidf("soft", "closed")));
  }

  @Override
  protected List<Publish> badPublications() {
    return List.of(publish("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\""),
        publish("<?xml version=\"1.0\"?><!DOCTYPE presence [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"" + URI + "\">&x;</presence>"),
        publish("<weather xmlns=\"urn:example:weather\"/>"));
  }

  @Override
  protected void assertNotifyContent(Content content) {
    assertThat(content.contentType()).isEqualTo("application/pidf+xml");
    assertDocument(content.body());
  }

  @Override
  protected void assertDocument(byte[] document) {
    assertXmlRoot(document, "urn:ietf:params:xml:ns:pidf", "presence");
  }
}
