package dev.herald.packages.rls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.ListEntry;
import dev.herald.avro.ResourceList;
import dev.herald.testkit.ListNotify;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** List NOTIFY bodies, each read back by the test kit's independent reader (mime4j and the JDK's DOM). */
class ListNotifyBodyTest {

  private static final String HOST = "rls.example.com";
  private static final String BUDDIES = "sip:buddies@example.com";
  private static final String TEAM = "sip:team@example.com";
  private static final String ALICE = "sip:alice@example.com";
  private static final String BOB = "sip:bob@example.com";
  private static final String CAROL = "sip:carol@example.com";
  private static final String DAVE = "sip:dave@example.com";

  private static final ListTree TREE = new ListTree(BUDDIES, Map.of(
      BUDDIES, list(BUDDIES, "Buddies", ALICE, TEAM, DAVE),
      TEAM, list(TEAM, "Team", BOB, CAROL)));

  private static ResourceList list(String uri, String name, String... members) {
    return ResourceList.newBuilder().setUri(uri).setName(name)
        .setEntries(Arrays.stream(members).map(m -> new ListEntry(m, null)).toList()).setUpdatedAtMs(0).build();
  }

  private static ListNotifyBody.MemberState active(String note) {
    return new ListNotifyBody.MemberState("active;expires=600", "application/pidf+xml",
        ("<presence><note>" + note + "</note></presence>").getBytes(StandardCharsets.UTF_8));
  }

  private static ListNotify read(MultipartRelated.Body body) {
    return ListNotify.parse(body.contentType(), body.bytes());
  }

  @Test
  void fullStateNamesEveryMemberWithANestedListAsARlmiBodyOfItsOwn() {
    Map<String, ListNotifyBody.MemberState> states = Map.of(ALICE, active("alice"), CAROL, active("carol"),
        BOB, new ListNotifyBody.MemberState("pending", null, null));

    ListNotify full = read(ListNotifyBody.write(TREE, states, 0, true, Set.of(), HOST));

    assertThat(full.uri()).isEqualTo(BUDDIES);
    assertThat(full.fullState()).isTrue();
    assertThat(full.uris()).containsExactly(ALICE, TEAM, DAVE);
    assertThat(full.resource(ALICE).orElseThrow().text()).contains("alice");
    assertThat(full.resource(DAVE).orElseThrow().instances()).as("nothing heard of dave yet").isEmpty();
    ListNotify team = full.resource(TEAM).orElseThrow().nested();
    assertThat(team.uri()).isEqualTo(TEAM);
    assertThat(team.fullState()).isTrue();
    assertThat(team.resource(BOB).orElseThrow().state()).isEqualTo("pending");
    assertThat(team.resource(BOB).orElseThrow().document()).isNull();
    assertThat(team.resource(CAROL).orElseThrow().text()).contains("carol");
  }

  @Test
  void partialStateCarriesOnlyTheChangedMembersAndTheNestedListsThatHoldThem() {
    Map<String, ListNotifyBody.MemberState> states = Map.of(ALICE, active("alice"), CAROL, active("carol 2"));

    ListNotify partial = read(ListNotifyBody.write(TREE, states, 7, false, Set.of(CAROL), HOST));

    assertThat(partial.fullState()).isFalse();
    assertThat(partial.version()).isEqualTo(7);
    assertThat(partial.uris()).containsExactly(TEAM);
    ListNotify team = partial.resource(TEAM).orElseThrow().nested();
    assertThat(team.fullState()).isFalse();
    assertThat(team.uris()).containsExactly(CAROL);
    assertThat(team.resource(CAROL).orElseThrow().text()).contains("carol 2");
  }

  @Test
  void aTerminatedMemberKeepsItsReasonOrIsDeactivatedWhenItGaveNone() {
    Map<String, ListNotifyBody.MemberState> states = Map.of(
        ALICE, new ListNotifyBody.MemberState("terminated;reason=rejected", null, null),
        DAVE, new ListNotifyBody.MemberState("terminated", null, null));

    ListNotify full = read(ListNotifyBody.write(TREE, states, 1, true, Set.of(), HOST));

    assertThat(full.resource(ALICE).orElseThrow().instances().get(0).reason()).isEqualTo("rejected");
    assertThat(full.resource(DAVE).orElseThrow().state()).isEqualTo("terminated");
    assertThat(full.resource(DAVE).orElseThrow().instances().get(0).reason()).isEqualTo("deactivated");
  }

  @Test
  void theExpandedResourcesAreTheMembersThroughEveryNestedListEachOnce() {
    assertThat(TREE.resources()).containsExactlyInAnyOrder(ALICE, BOB, CAROL, DAVE);
    assertThat(ListTree.of(TREE.toRecord())).isEqualTo(TREE);
  }
}
