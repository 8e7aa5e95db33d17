package dev.herald.packages.callinfo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Header;
import dev.herald.avro.Publish;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.EventPackageContract;
import dev.herald.packages.spi.EventPackageProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** call-info: the state travels in Call-Info headers, both ways; NOTIFYs have no body. */
class CallInfoContractTest extends EventPackageContract {

  private Publish callInfo(String value) {
    return publish(null, new Header("Call-Info", value));
  }

  @Override
  protected EventPackageProvider provider() {
    return new CallInfoProvider();
  }

  @Override
  protected String event() {
    return "call-info";
  }

  @Override
  protected List<Publish> goodPublications() {
    return List.of(callInfo("<" + URI + ">;appearance-index=1;appearance-state=alerting"),
        callInfo("<" + URI + ">;appearance-index=2;appearance-state=active"));
  }

  @Override
  protected List<Publish> badPublications() {
    return List.of(callInfo("<" + URI + ">;appearance-index=abc;appearance-state=alerting"), publish(null));
  }

  @Override
  protected void assertNotifyContent(Content content) {
    assertThat(content.body()).as("OpenSIPS presence_callinfo sends no body").isNull();
    assertThat(content.headers()).singleElement().satisfies(header -> {
      assertThat(header.getName()).isEqualTo("Call-Info");
      assertDocument(header.getValue().getBytes(StandardCharsets.UTF_8));
    });
  }

  @Override
  protected void assertDocument(byte[] document) {
    assertThat(new String(document, StandardCharsets.UTF_8)).startsWith("<" + URI + ">")
        .contains("appearance-index=");
  }
}
