package dev.herald.packages.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Publish;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.EventPackageContract;
import dev.herald.packages.spi.EventPackageProvider;
import java.util.List;

class DialogContractTest extends EventPackageContract {

  private static String dialogInfo(String id, String state) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"0\" state=\"full\" entity=\""
        + URI + "\"><dialog id=\"" + id + "\" direction=\"recipient\"><state>" + state + "</state></dialog>"
        + "</dialog-info>";
  }

  @Override
  protected EventPackageProvider provider() {
    return new DialogProvider();
  }

  @Override
  protected String event() {
    return "dialog";
  }

  @Override
  protected List<Publish> goodPublications() {
    return List.of(publish(dialogInfo("desk-1", "confirmed")), publish(dialogInfo("soft-1", "early")));
  }

  @Override
  protected List<Publish> badPublications() {
    return List.of(publish("<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\""),
        publish("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"" + URI + "\"/>"));
  }

  @Override
  protected void assertNotifyContent(Content content) {
    assertThat(content.contentType()).isEqualTo(DialogInfo.CONTENT_TYPE);
    assertDocument(content.body());
  }

  @Override
  protected void assertDocument(byte[] document) {
    assertXmlRoot(document, DialogInfo.NS, "dialog-info");
  }
}
