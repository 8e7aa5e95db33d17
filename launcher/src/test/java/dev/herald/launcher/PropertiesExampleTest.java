package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release's herald.properties.example, kept in step with the flags of {@code herald up}. */
class PropertiesExampleTest {

  private static final Path FILE = Path.of(PropertiesExample.SOURCE);

  @Test
  void everyFlagOfUpIsInTheExampleWithItsDefault() throws IOException {
    assertThat(new PropertiesExample(Files.readString(FILE)).linesToWrite())
        .as("lines %s lacks or has with another value, one per flag of `herald up`", FILE)
        .isEmpty();
  }

  @Test
  void everyKeyOfTheExampleIsAFlagOfUp() throws IOException {
    assertThat(new PropertiesExample(Files.readString(FILE)).keysOfNoFlag())
        .as("keys of %s that no flag of `herald up` reads", FILE).isEmpty();
  }

  @Test
  void everySettingOfTheExampleIsCommentedOut() throws IOException {
    Properties loaded = new Properties();
    loaded.load(new StringReader(Files.readString(FILE)));
    assertThat(loaded).as("%s as a properties file sets nothing: a copy changes only what is uncommented", FILE)
        .isEmpty();
  }

  @Test
  void theExampleWithEveryLineUncommentedIsReadByUp(@TempDir Path dir) throws IOException {
    Path uncommented = dir.resolve("herald.properties");
    Files.writeString(uncommented, Files.readString(FILE).replaceAll("(?m)^#([a-z0-9.]+=)", "$1")
        .replace("sip.port=5060", "sip.port=5070"));
    HeraldSettings settings = OptionsParsing.upSettings(Map.of(SettingsSource.CONFIG_VARIABLE, uncommented.toString()),
        "up");
    assertThat(settings.sipPort()).as("sip.port of the example, changed, read as `herald up` reads its file")
        .isEqualTo(5070);
  }
}
