package dev.herald.packages.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Header;
import dev.herald.avro.Publish;
import dev.herald.common.Buffers;
import dev.herald.packages.state.Flow;
import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.packages.xml.ParseResult;
import dev.herald.packages.xml.SafeXml;
import dev.herald.schemas.ResourceKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * What every event package must do, whatever its format: a package's test extends this with its
 * provider, publications it takes and refuses, and what its documents look like.
 */
public abstract class EventPackageContract {

  protected static final String URI = "sip:bob@example.com";
  protected static final long NOW = 1_000_000L;

  protected final PackageSettings settings = PackageSettings.of(Expiries.defaults());

  /** The package under test. */
  protected abstract EventPackageProvider provider();

  /** The event whose publications and subscriptions the contract uses. */
  protected abstract String event();

  /** Two or more publications of the event a publisher could send, each valid on its own. */
  protected abstract List<Publish> goodPublications();

  /** Publications the package must refuse, each for a reason of its own. */
  protected abstract List<Publish> badPublications();

  /** Fails unless {@code content} is what a subscriber of the event may be sent. */
  protected abstract void assertNotifyContent(Content content);

  /** Fails unless {@code document} is the package's document for herald.presence-state. */
  protected abstract void assertDocument(byte[] document);

  /** A PUBLISH of the event with {@code body} in the package's first content type. */
  protected Publish publish(String body, Header... headers) {
    return Publish.newBuilder().setEvent(event()).setIfMatch(null).setExpires(3600)
        .setContentType(body == null ? null : descriptor().contentTypes().get(0))
        .setBody(body == null ? null : ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
        .setCallId("publish-1").setFromUri(URI).setExtraHeaders(List.of(headers)).build();
  }

  @Test
  void theProviderIsFoundThroughTheServiceLoader() {
    assertThat(EventPackages.installed()).extracting(p -> p.getClass().getName())
        .contains(provider().getClass().getName());
  }

  @Test
  void everyEventLivesOnAResourceThePackageRunsAndServesIt() {
    List<EventPackage<?>> logic = provider().create(settings, host());
    assertThat(provider().events(settings)).isNotEmpty().allSatisfy(event -> {
      Optional<EventPackage<?>> owner = logic.stream().filter(p -> p.name().equals(event.resourcePackage())).findFirst();
      assertThat(owner).as("the resource package of %s", event.name()).isPresent();
      assertThat(owner.get().events()).contains(event.name());
      if (event.publishable()) {
        assertThat(owner.get().contentTypes()).as("what the processor takes in a PUBLISH of %s", event.name())
            .containsAll(event.contentTypes());
      }
    });
  }

  @Test
  void thePublishedEventTakesPublishWithinTheSharedBounds() {
    assertThat(descriptor().publishable()).isTrue();
    assertThat(descriptor().publish()).isEqualTo(settings.expiries().publish());
  }

  @Test
  void goodPublicationsAreAccepted() {
    assertThat(goodPublications()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(publish ->
        assertThat(pkg().check(empty(), publish)).isNotInstanceOf(EventPackage.PublishCheck.Refused.class));
  }

  @Test
  void badPublicationsAreRefusedWithAClientErrorAndAReason() {
    assertThat(badPublications()).isNotEmpty().allSatisfy(publish -> {
      EventPackage.PublishCheck check = pkg().check(empty(), publish);
      assertThat(check).isInstanceOf(EventPackage.PublishCheck.Refused.class);
      EventPackage.Refusal refusal = ((EventPackage.PublishCheck.Refused) check).refusal();
      assertThat(refusal.status()).isBetween(400, 499);
      assertThat(refusal.reason()).isNotBlank();
    });
  }

  @Test
  void nothingOneAndTwoPublicationsComposeIntoTheSameDocumentEachTime() {
    for (ResourceState state : List.of(empty(), withPublications(1), withPublications(2))) {
      byte[] document = document(state);
      assertDocument(document);
      assertThat(document(state)).as("composed again from the same state").isEqualTo(document);
    }
  }

  @Test
  void statesWithTheSameInputsShowWatchersTheSame() {
    List<ResourceState> states = List.of(empty(), withPublications(1), withPublications(2));
    for (ResourceState a : states) {
      for (ResourceState b : states) {
        if (pkg().sameInputs(a, b)) {
          assertThat(sameView(a, b)).as("same inputs, %s and %s publications", a.publications().size(),
              b.publications().size()).isTrue();
        }
      }
    }
  }

  @Test
  void aSecondPublicationChangesWhatWatchersSee() {
    assertThat(sameView(withPublications(1), withPublications(2))).isFalse();
    assertThat(sameView(withPublications(2), withPublications(2))).isTrue();
  }

  @Test
  void aSubscriberIsSentContentOfThePackage() {
    for (ResourceState state : List.of(empty(), withPublications(2))) {
      assertNotifyContent(content(state, subscription()));
    }
  }

  /** Fails unless {@code document} is well-formed XML whose root is {@code localName} in {@code namespace}. */
  protected static void assertXmlRoot(byte[] document, String namespace, String localName) {
    assertThat(SafeXml.parse(document)).isInstanceOfSatisfying(ParseResult.Parsed.class, parsed -> {
      Element root = parsed.document().getDocumentElement();
      assertThat(root.getLocalName()).isEqualTo(localName);
      assertThat(root.getNamespaceURI()).isEqualTo(namespace);
    });
  }

  protected EventDescriptor descriptor() {
    return provider().events(settings).stream().filter(e -> e.name().equals(event())).findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  protected EventPackage<Object> pkg() {
    String resourcePackage = descriptor().resourcePackage();
    return (EventPackage<Object>) provider().create(settings, host()).stream()
        .filter(p -> p.name().equals(resourcePackage)).findFirst().orElseThrow();
  }

  protected ResourceState empty() {
    return ResourceState.empty(ResourceKeys.of(descriptor().resourcePackage(), URI));
  }

  /** The first {@code count} good publications stored as the processor stores them. */
  protected ResourceState withPublications(int count) {
    ResourceState state = empty();
    for (int i = 0; i < count; i++) {
      Publish publish = goodPublications().get(i);
      EventPackage.PublishCheck check = pkg().check(state, publish);
      byte[] body = check instanceof EventPackage.PublishCheck.Merged merged ? merged.body()
          : publish.getBody() == null ? new byte[0] : Buffers.copy(publish.getBody());
      String type = publish.getContentType() == null ? descriptor().contentTypes().get(0) : publish.getContentType();
      state = state.nextEntityTag().withPublication(new Publication("tag-" + i, NOW + 3_600_000, type, body,
          NOW + i, URI, publish.getExtraHeaders()));
    }
    return state;
  }

  protected Subscription subscription() {
    return Subscription.builder().id("call-1;watcher;local").event(event()).callId("call-1")
        .watcherUri("sip:alice@example.com").watcherTag("watcher").resourceUri(URI).localTag("local").remoteCseq(1)
        .remoteTarget("sip:alice@192.0.2.20:5062").expiresAtMs(NOW + 600_000)
        .flow(Flow.legacy("udp", "192.0.2.20", 5062)).watcherIdentity("sip:alice@example.com").createdAtMs(NOW)
        .build();
  }

  private byte[] document(ResourceState state) {
    return pkg().document(pkg().view(state));
  }

  private boolean sameView(ResourceState a, ResourceState b) {
    return pkg().same(pkg().view(a), pkg().view(b));
  }

  private Content content(ResourceState state, Subscription subscription) {
    return pkg().content(state, pkg().view(state), subscription, NOW);
  }

  private static PackageHost host() {
    return new PackageHost(new Notifies("sip:herald@127.0.0.1:5060"), WatcherAuthorization.ALLOW_ALL);
  }
}
