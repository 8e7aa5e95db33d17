package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.launcher.ClusterSettings.Role;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {

  private static ClusterSettings parse(Map<String, String> env, String... args) {
    return OptionsParsing.parse(new ClusterOptions(), env, args).settings();
  }

  @Test
  void theDefaultIsEveryRoleInOneProcessWithoutReplicas() {
    assertThat(parse(Map.of())).isEqualTo(ClusterSettings.single());
    assertThat(ClusterSettings.single().roles()).containsExactlyInAnyOrder(Role.values());
    assertThat(ClusterSettings.single().replicationFactor()).isEqualTo((short) 1);
  }

  @Test
  void flagsAndVariablesPlaceAProcessInACluster() {
    ClusterSettings edge = parse(Map.of("HERALD_REPLICATION_FACTOR", "3"), "--roles", "edge", "--instance", "2",
        "--sip-reuse-port", "true");
    assertThat(edge).isEqualTo(new ClusterSettings(Set.of(Role.EDGE), 2, (short) 3, true));
    assertThat(edge.name("edge")).isEqualTo("edge-2");
    assertThat(edge.runs(Role.EDGE)).isTrue();
    assertThat(edge.runs(Role.PROCESSOR)).isFalse();
  }

  @Test
  void rolesAreAListOrAll() {
    assertThat(ClusterSettings.parseRoles("Notifier, registrant")).containsExactlyInAnyOrder(Role.NOTIFIER,
        Role.REGISTRANT);
    assertThat(ClusterSettings.parseRoles("all")).isEqualTo(EnumSet.allOf(Role.class));
  }

  @Test
  void anUnknownOrEmptyRoleListIsRefused() {
    assertThatThrownBy(() -> ClusterSettings.parseRoles("edge,broker")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown role 'broker'");
    assertThatThrownBy(() -> ClusterSettings.parseRoles(" , ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no role");
    assertThatThrownBy(() -> new ClusterSettings(Set.of(), 0, (short) 1, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInstanceNeedsAReplyPartitionOfItsOwn() {
    assertThatThrownBy(() -> parse(Map.of(), "--instance", "16")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("instance must be 0..15");
    assertThatThrownBy(() -> parse(Map.of(), "--instance", "-1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aReplicationFactorBelowOneIsRefused() {
    assertThatThrownBy(() -> parse(Map.of(), "--replication-factor", "0")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  @Test
  void replicasNeedAnExternalCluster() {
    HeraldSettings embedded = HeraldSettings.builder().sipHost("127.0.0.1").sipPort(0).adminHost("127.0.0.1")
        .adminPort(0).dataDir(Path.of("data")).build();
    assertThatThrownBy(() -> new Herald(embedded).withCluster(new ClusterSettings(EnumSet.allOf(Role.class), 0,
        (short) 3, false))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bootstrap-servers");
  }
}
