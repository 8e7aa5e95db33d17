package dev.herald.processor.logic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Binding;
import dev.herald.avro.Header;
import dev.herald.avro.Registration;
import dev.herald.packages.presence.DerivedPresence;
import dev.herald.processor.RegistrarSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrarTest {

  private static final long NOW = 1_000_000L;
  private final Registrar registrar = new Registrar(new RegistrarSettings(60, 7200, 3600, 3,
      DerivedPresence.FALLBACK));

  private static Binding contact(String uri, int expires) {
    return Binding.newBuilder().setContact(uri).setExpires(expires).build();
  }

  private static Registration register(String callId, long cseq, Binding... contacts) {
    return Registration.newBuilder().setAor("sip:alice@example.com").setCallId(callId).setCseq(cseq)
        .setBindings(List.of(contacts)).build();
  }

  private static List<dev.herald.packages.state.Binding> bindings(Registrar.Outcome outcome) {
    assertThat(outcome).isInstanceOf(Registrar.Outcome.Updated.class);
    return ((Registrar.Outcome.Updated) outcome).bindings();
  }

  @Test
  void aNewContactIsBoundForWhatItAskedAndOneWithoutExpiresForTheDefault() {
    var result = bindings(registrar.apply(List.of(),
        register("c1", 1, contact("sip:alice@192.0.2.1", 600), contact("sip:alice@192.0.2.2", -1)), NOW));

    assertThat(result).extracting(b -> b.contact(), b -> b.expiresAtMs()).containsExactly(
        org.assertj.core.groups.Tuple.tuple("sip:alice@192.0.2.1", NOW + 600_000L),
        org.assertj.core.groups.Tuple.tuple("sip:alice@192.0.2.2", NOW + 3_600_000L));
  }

  @Test
  void anExpiryBelowTheMinimumIsRefusedWithMinExpiresAndChangesNothing() {
    var outcome = registrar.apply(List.of(), register("c1", 1, contact("sip:alice@192.0.2.1", 30)), NOW);

    assertThat(outcome).isEqualTo(new Registrar.Outcome.Refused(423, "Interval Too Brief",
        List.of(new Header("Min-Expires", "60"))));
  }

  @Test
  void anExpiryAboveTheMaximumIsCut() {
    var result = bindings(registrar.apply(List.of(), register("c1", 1, contact("sip:alice@192.0.2.1", 99_999)), NOW));

    assertThat(result.get(0).expiresAtMs()).isEqualTo(NOW + 7_200_000L);
  }

  @Test
  void aRefreshKeepsTheBindingsFirstRegistrationAndARemovalDropsOnlyThatContact() {
    var first = bindings(registrar.apply(List.of(),
        register("c1", 1, contact("sip:alice@192.0.2.1", 600), contact("sip:alice@192.0.2.2", 600)), NOW));
    var refreshed = bindings(registrar.apply(first, register("c1", 2, contact("SIP:alice@192.0.2.1", 900)), NOW + 5000));

    assertThat(refreshed).hasSize(2);
    assertThat(refreshed.get(0).expiresAtMs()).isEqualTo(NOW + 5000 + 900_000L);
    assertThat(refreshed.get(0).registeredAtMs()).isEqualTo(NOW);

    var removed = bindings(registrar.apply(refreshed, register("c1", 3, contact("sip:alice@192.0.2.2", 0)), NOW + 6000));
    assertThat(removed).extracting(b -> b.contact()).as("as the client wrote it last").containsExactly("SIP:alice@192.0.2.1");
  }

  @Test
  void theSameCallIdWithANotHigherCseqAbortsTheWholeRequest() {
    var first = bindings(registrar.apply(List.of(), register("c1", 5, contact("sip:alice@192.0.2.1", 600)), NOW));

    var outcome = registrar.apply(first,
        register("c1", 5, contact("sip:alice@192.0.2.9", 600), contact("sip:alice@192.0.2.1", 0)), NOW);

    assertThat(outcome).isInstanceOf(Registrar.Outcome.Refused.class);
    assertThat(((Registrar.Outcome.Refused) outcome).status()).isEqualTo(500);
  }

  @Test
  void anotherCallIdMayUpdateABindingWhateverItsCseq() {
    var first = bindings(registrar.apply(List.of(), register("c1", 5, contact("sip:alice@192.0.2.1", 600)), NOW));

    var result = bindings(registrar.apply(first, register("c2", 1, contact("sip:alice@192.0.2.1", 1200)), NOW));

    assertThat(result).singleElement().satisfies(b -> {
      assertThat(b.callId()).isEqualTo("c2");
      assertThat(b.expiresAtMs()).isEqualTo(NOW + 1_200_000L);
    });
  }

  @Test
  void theWildcardRemovesEveryBindingOfItsSource() {
    var first = bindings(registrar.apply(List.of(),
        register("c1", 1, contact("sip:alice@192.0.2.1", 600), contact("sip:alice@192.0.2.2", 600)), NOW));

    var result = bindings(registrar.apply(first, Registration.newBuilder().setAor("sip:alice@example.com")
        .setCallId("c9").setCseq(1).setRemoveAll(true).setExpires(0).build(), NOW));

    assertThat(result).isEmpty();
  }

  @Test
  void anInstanceReplacesItsOwnBindingWhenItsContactChanges() {
    Binding before = Binding.newBuilder().setContact("sip:alice@192.0.2.1:5060").setExpires(600)
        .setInstanceId("<urn:uuid:00000000-0000-0000-0000-000000000001>").setRegId(1).build();
    Binding after = Binding.newBuilder(before).setContact("sip:alice@198.51.100.7:40000").build();
    var first = bindings(registrar.apply(List.of(), register("c1", 1, before), NOW));

    var result = bindings(registrar.apply(first, register("c2", 1, after), NOW));

    assertThat(result).singleElement().satisfies(b -> assertThat(b.contact()).isEqualTo("sip:alice@198.51.100.7:40000"));
  }

  @Test
  void moreContactsThanAllowedAreRefused() {
    var outcome = registrar.apply(List.of(), register("c1", 1, contact("sip:a@192.0.2.1", 600),
        contact("sip:a@192.0.2.2", 600), contact("sip:a@192.0.2.3", 600), contact("sip:a@192.0.2.4", 600)), NOW);

    assertThat(outcome).isInstanceOf(Registrar.Outcome.Refused.class);
    assertThat(((Registrar.Outcome.Refused) outcome).status()).isEqualTo(503);
  }

  @Test
  void expiredBindingsNeitherCountNorShow() {
    var first = bindings(registrar.apply(List.of(), register("c1", 1, contact("sip:alice@192.0.2.1", 60)), NOW));

    var result = bindings(registrar.apply(first, register("c2", 1), NOW + 61_000));

    assertThat(result).isEmpty();
  }

  @Test
  void theOkListsEveryBindingWithItsSecondsLeftAndItsInstance() {
    Binding withInstance = Binding.newBuilder().setContact("sip:alice@192.0.2.1").setExpires(600)
        .setInstanceId("<urn:uuid:1>").setRegId(2).build();
    var result = bindings(registrar.apply(List.of(), register("c1", 1, withInstance), NOW));

    assertThat(Registrar.contactHeaders(result, NOW + 100_000)).containsExactly(new Header("Contact",
        "<sip:alice@192.0.2.1>;expires=500;+sip.instance=\"<urn:uuid:1>\";reg-id=2"));
  }
}
