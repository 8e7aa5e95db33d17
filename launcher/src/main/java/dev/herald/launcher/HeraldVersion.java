package dev.herald.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version of this build and the git commit it was built from, written into
 * {@code version.properties} by the build ("unknown commit" when it was built without git).
 *
 * @param version the project's version
 * @param commit  the abbreviated commit id, or {@value #UNKNOWN_COMMIT}
 */
record HeraldVersion(String version, String commit) implements CommandLine.IVersionProvider {

  static final String UNKNOWN_COMMIT = "unknown commit";
  static final String RESOURCE = "version.properties";

  HeraldVersion {
    version = known(version) ? version.strip() : "unknown version";
    commit = known(commit) ? commit.strip() : UNKNOWN_COMMIT;
  }

  /** A value the build filled in: not empty, not a placeholder left as it was. */
  private static boolean known(String value) {
    return value != null && !value.isBlank() && !value.contains("${");
  }

  /** The version of the running build. */
  static HeraldVersion current() {
    Properties properties = new Properties();
    try (InputStream in = HeraldVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return new HeraldVersion(properties.getProperty("version"), properties.getProperty("commit"));
  }

  /** "0.1.0 (commit 1a2b3c4d5e6f)", or "0.1.0 (unknown commit)". */
  String describe() {
    return version + (commit.equals(UNKNOWN_COMMIT) ? " (" + UNKNOWN_COMMIT + ")" : " (commit " + commit + ")");
  }

  @Override
  public String[] getVersion() {
    return new String[] {"herald " + describe()};
  }
}
