package dev.herald.common.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokensTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T20:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  @Test
  void aCreatedTokenAuthenticatesWithItsRoleAndTheFileHoldsOnlyItsDigest() throws Exception {
    AdminTokens tokens = AdminTokens.at(dir.resolve("admin-tokens.json"));
    AdminTokens.Created created = tokens.create("prometheus", AdminRole.READ, CLOCK);

    assertThat(created.token()).startsWith(AdminTokens.TOKEN_PREFIX).hasSizeGreaterThan(40);
    assertThat(tokens.authenticate(created.token())).map(AdminTokens.Entry::role).contains(AdminRole.READ);
    String file = Files.readString(tokens.file());
    assertThat(file).doesNotContain(created.token()).contains(AdminTokens.digest(created.token()))
        .contains("prometheus").contains("2026-12-07T20:00:00Z");
    assertThat(created.toString()).doesNotContain(created.token());
  }

  @Test
  void aWrongOrEmptyTokenAuthenticatesNothing() {
    AdminTokens tokens = AdminTokens.at(dir.resolve("admin-tokens.json"));
    String token = tokens.create("ops", AdminRole.ADMIN, CLOCK).token();

    assertThat(tokens.authenticate(token + "x")).isEmpty();
    assertThat(tokens.authenticate("")).isEmpty();
    assertThat(tokens.authenticate(null)).isEmpty();
  }

  @Test
  void twoTokensAreDifferentAndEachKeepsItsRole() {
    AdminTokens tokens = AdminTokens.at(dir.resolve("admin-tokens.json"));
    AdminTokens.Created read = tokens.create("read-1", AdminRole.READ, CLOCK);
    AdminTokens.Created admin = tokens.create("admin-1", AdminRole.ADMIN, CLOCK);

    assertThat(read.token()).isNotEqualTo(admin.token());
    assertThat(tokens.authenticate(admin.token())).map(AdminTokens.Entry::name).contains("admin-1");
    assertThat(tokens.list()).extracting(AdminTokens.Entry::name).containsExactly("read-1", "admin-1");
  }

  @Test
  void aRevokedTokenNoLongerAuthenticatesEvenThroughAnotherReaderOfTheFile() {
    Path file = dir.resolve("admin-tokens.json");
    AdminTokens server = AdminTokens.at(file);
    AdminTokens.Created created = AdminTokens.at(file).create("ci", AdminRole.ADMIN, CLOCK);
    assertThat(server.authenticate(created.token())).isPresent();

    assertThat(AdminTokens.at(file).revoke("ci")).isTrue();

    assertThat(server.authenticate(created.token())).isEmpty();
    assertThat(server.revoke("ci")).isFalse();
  }

  @Test
  void theTokenFileIsReadableAndWritableByItsOwnerAlone() throws Exception {
    AdminTokens tokens = AdminTokens.at(dir.resolve("admin-tokens.json"));
    tokens.create("ops", AdminRole.ADMIN, CLOCK);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens.file()))).isEqualTo("rw-------");
  }

  @Test
  void aTakenOrMalformedNameIsRefused() {
    AdminTokens tokens = AdminTokens.at(dir.resolve("admin-tokens.json"));
    tokens.create("ops", AdminRole.ADMIN, CLOCK);

    assertThatThrownBy(() -> tokens.create("ops", AdminRole.READ, CLOCK)).hasMessageContaining("exists");
    assertThatThrownBy(() -> tokens.create("two words", AdminRole.READ, CLOCK)).hasMessageContaining("token name");
    assertThatThrownBy(() -> tokens.create("", AdminRole.READ, CLOCK)).hasMessageContaining("token name");
  }

  @Test
  void freeNamesCountUpPerRole() {
    AdminTokens tokens = AdminTokens.at(dir.resolve("admin-tokens.json"));
    assertThat(tokens.freeName(AdminRole.READ)).isEqualTo("read-1");
    tokens.create("read-1", AdminRole.READ, CLOCK);
    assertThat(tokens.freeName(AdminRole.READ)).isEqualTo("read-2");
    assertThat(tokens.freeName(AdminRole.ADMIN)).isEqualTo("admin-1");
  }

  @Test
  void aMissingFileHoldsNoTokens() {
    AdminTokens tokens = AdminTokens.at(dir.resolve("absent.json"));
    assertThat(tokens.exists()).isFalse();
    assertThat(tokens.list()).isEmpty();
  }

  @Test
  void rolesParseFromTheirNamesAndAdminAllowsWhatReadAllows() {
    assertThat(AdminRole.parse("Read")).isEqualTo(AdminRole.READ);
    assertThat(AdminRole.parse("admin")).isEqualTo(AdminRole.ADMIN);
    assertThatThrownBy(() -> AdminRole.parse("root")).hasMessageContaining("read or admin");
    assertThat(AdminRole.ADMIN.allows(AdminRole.READ)).isTrue();
    assertThat(AdminRole.READ.allows(AdminRole.ADMIN)).isFalse();
  }
}
