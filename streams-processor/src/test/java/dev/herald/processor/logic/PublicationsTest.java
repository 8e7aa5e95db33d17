package dev.herald.processor.logic;

import static dev.herald.processor.logic.LogicFixture.NOTIFIES;
import static dev.herald.processor.logic.LogicFixture.NOW;
import static dev.herald.processor.logic.LogicFixture.SETTINGS;
import static dev.herald.processor.logic.LogicFixture.empty;
import static dev.herald.processor.logic.LogicFixture.event;
import static dev.herald.processor.logic.LogicFixture.header;
import static dev.herald.processor.logic.LogicFixture.limits;
import static dev.herald.processor.logic.LogicFixture.packages;
import static dev.herald.processor.logic.LogicFixture.publish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Publish;
import dev.herald.packages.spi.Refusals;
import dev.herald.packages.state.ResourceState;
import org.junit.jupiter.api.Test;

class PublicationsTest {

  private final Packages packages = packages();
  private final Publications publications = new Publications(packages, new FanOut(packages, NOTIFIES, SETTINGS),
      limits(2, 10));

  private Effects send(ResourceState state, String requestId, Publish.Builder publish) {
    return publications.publish(state, event(requestId, publish.build()), publish.build(), NOW);
  }

  @Test
  void anInitialPublishIsStoredUnderANewEntityTag() {
    Effects first = send(empty(), "r1", publish("open"));
    Effects second = send(first.state(), "r2", publish("closed"));

    assertThat(first.decision().getStatusCode()).isEqualTo(200);
    assertThat(header(first.decision(), "Expires")).isEqualTo("3600");
    assertThat(header(second.decision(), "SIP-ETag")).isNotEqualTo(header(first.decision(), "SIP-ETag"));
    assertThat(second.state().publications()).hasSize(2);
  }

  @Test
  void anInitialPublishWithoutBodyIsRefusedInTheWordsTheEdgeUses() {
    Effects effects = send(empty(), "r1", publish("open").setBody(null).setContentType(null));

    assertThat(effects.decision().getStatusCode()).isEqualTo(Refusals.INITIAL_PUBLISH_NEEDS_BODY.status());
    assertThat(effects.decision().getReason()).isEqualTo(Refusals.INITIAL_PUBLISH_NEEDS_BODY.reason());
  }

  @Test
  void aModifyOfAnEntityTagNotKnownGets412() {
    Effects effects = send(empty(), "r1", publish("open").setIfMatch("nope"));

    assertThat(effects.decision().getStatusCode()).isEqualTo(412);
  }

  @Test
  void aModifyReplacesThePublicationUnderANewTagAndARemovalDropsIt() {
    Effects created = send(empty(), "r1", publish("open"));
    String tag = header(created.decision(), "SIP-ETag");

    Effects modified = send(created.state(), "r2", publish("closed").setIfMatch(tag));
    String newTag = header(modified.decision(), "SIP-ETag");
    Effects removed = send(modified.state(), "r3", publish("closed").setBody(null).setIfMatch(newTag).setExpires(0));

    assertThat(newTag).isNotEqualTo(tag);
    assertThat(modified.state().publications()).singleElement()
        .satisfies(p -> assertThat(p.entityTag()).isEqualTo(newTag));
    assertThat(header(removed.decision(), "Expires")).isEqualTo("0");
    assertThat(removed.state().publications()).isEmpty();
  }

  @Test
  void aBodyThePackageRefusesIsNotStored() {
    Effects effects = send(empty(), "r1", publish("open").setBody(java.nio.ByteBuffer.wrap("<presence".getBytes())));

    assertThat(effects.decision().getStatusCode()).isEqualTo(400);
    assertThat(effects.state().publications()).isEmpty();
  }

  @Test
  void beyondThePublicationCapAnInitialPublishIsRefused() {
    ResourceState two = send(send(empty(), "r1", publish("open")).state(), "r2", publish("open")).state();

    Effects third = send(two, "r3", publish("open"));

    assertThat(third.decision().getStatusCode()).isEqualTo(403);
    assertThat(third.state().publications()).hasSize(2);
  }
}
