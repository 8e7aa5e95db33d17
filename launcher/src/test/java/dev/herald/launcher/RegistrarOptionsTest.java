package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.packages.presence.DerivedPresence;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RegistrarOptionsTest {

  private static RegistrarOptions parse(Map<String, String> env, String... args) {
    return OptionsParsing.parse(new RegistrarOptions(), env, args);
  }

  @Test
  void theDefaultsAreTheRegistrarsDefaults() {
    RegistrarOptions options = parse(Map.of());

    assertThat(options.settings().minExpires()).isEqualTo(60);
    assertThat(options.settings().derivedPresence()).isEqualTo(DerivedPresence.FALLBACK);
    assertThat(options.winfoPartialState).isTrue();
  }

  @Test
  void flagsAndVariablesSetTheRegistrar() {
    RegistrarOptions options = parse(Map.of("HERALD_MAX_CONTACTS", "2"), "--derived-presence", "merge",
        "--register-min-expires", "120", "--winfo-partial-state", "false");

    assertThat(options.settings().derivedPresence()).isEqualTo(DerivedPresence.MERGE);
    assertThat(options.settings().minExpires()).isEqualTo(120);
    assertThat(options.settings().maxContacts()).isEqualTo(2);
    assertThat(options.winfoPartialState).isFalse();
  }

  @Test
  void anUnknownDerivedPresenceIsRefusedWithTheChoices() {
    RegistrarOptions options = parse(Map.of(), "--derived-presence", "sometimes");

    org.assertj.core.api.Assertions.assertThatThrownBy(options::settings)
        .hasMessageContaining("fallback, merge or off");
  }

  @Test
  void theUpCommandKnowsTheRegistrarFlags() {
    StringWriter out = new StringWriter();
    CommandLine cli = HeraldMain.commandLine(Map.of());
    cli.setOut(new PrintWriter(out, true));
    cli.execute("up", "--help");

    assertThat(out.toString()).contains("--derived-presence", "--register-min-expires", "--winfo-partial-state");
  }
}
