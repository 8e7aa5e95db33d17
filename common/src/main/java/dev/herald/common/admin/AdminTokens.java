package dev.herald.common.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The admin port's tokens, kept in a JSON file: per token its name, role, creation time and the
 * SHA-256 of the token, never the token itself. A token is 256 random bits, so a plain digest is
 * enough; a presented token is compared with every stored digest in constant time.
 *
 * <p>The file is written whole into a new file readable and writable by its owner alone, then moved
 * over the old one, so a reader never sees half of it. A running Herald reads it again whenever it
 * changed, so {@code herald token create} and {@code revoke} act on it at once. Two writers at the
 * same moment race; the last one wins.
 */
public final class AdminTokens {

  /** The prefix of every token, so a leaked one is recognised for what it is. */
  public static final String TOKEN_PREFIX = "hrld_";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int TOKEN_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  /** One token as the file keeps it. */
  public record Entry(String name, AdminRole role, Instant created, String sha256) {
    public Entry {
      checkName(name);
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(created, "created");
      if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("token " + name + ": sha256 must be 64 hex digits");
      }
    }
  }

  /** A token just made: its entry and the token, which exists nowhere else. */
  public record Created(Entry entry, String token) {
    @Override
    public String toString() {
      return "Created[" + entry + "]";
    }
  }

  private record Stamp(Object fileKey, long modifiedNanos, long size) {}

  private record Loaded(Stamp stamp, List<Entry> entries) {}

  private final Path file;
  private volatile Loaded loaded;

  private AdminTokens(Path file) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
  }

  /** The tokens of {@code file}; it need not exist yet (then there are none). */
  public static AdminTokens at(Path file) {
    return new AdminTokens(file);
  }

  public Path file() {
    return file;
  }

  /** Whether the file exists. */
  public boolean exists() {
    return Files.exists(file);
  }

  /** The tokens as the file holds them now, in the order they were made. */
  public List<Entry> list() {
    return current().entries();
  }

  /**
   * Makes a token of {@code role} named {@code name} and stores its digest.
   *
   * @throws IllegalArgumentException if the name is taken or not letters, digits, {@code . _ -}
   */
  public synchronized Created create(String name, AdminRole role, Clock clock) {
    checkName(name);
    Objects.requireNonNull(role, "role");
    List<Entry> entries = new ArrayList<>(read().entries());
    if (entries.stream().anyMatch(e -> e.name().equals(name))) {
      throw new IllegalArgumentException("a token named '" + name + "' exists; revoke it first or pick another name");
    }
    String token = newToken();
    Entry entry = new Entry(name, role, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        digest(token));
    entries.add(entry);
    write(entries);
    return new Created(entry, token);
  }

  /** A free name for a new token of {@code role}: {@code read-1}, {@code read-2} … */
  public String freeName(AdminRole role) {
    List<Entry> entries = list();
    for (int i = 1; ; i++) {
      String name = role.label() + "-" + i;
      if (entries.stream().noneMatch(e -> e.name().equals(name))) {
        return name;
      }
    }
  }

  /** Removes the token named {@code name}; false if there is none. */
  public synchronized boolean revoke(String name) {
    List<Entry> entries = new ArrayList<>(read().entries());
    if (!entries.removeIf(e -> e.name().equals(name))) {
      return false;
    }
    write(entries);
    return true;
  }

  /**
   * The entry of {@code token}, if the file holds its digest. Every stored digest is compared, each
   * in constant time, so the answer takes as long whichever matches.
   */
  public Optional<Entry> authenticate(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    byte[] presented = digestBytes(token);
    Entry found = null;
    for (Entry entry : current().entries()) {
      if (MessageDigest.isEqual(presented, HexFormat.of().parseHex(entry.sha256())) && found == null) {
        found = entry;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Whether {@code token} is the one {@code entry} keeps the digest of. */
  public static boolean matches(Entry entry, String token) {
    return MessageDigest.isEqual(digestBytes(token), HexFormat.of().parseHex(entry.sha256()));
  }

  /** The SHA-256 of the token as 64 lower-case hex digits. */
  static String digest(String token) {
    return HexFormat.of().formatHex(digestBytes(token));
  }

  private static byte[] digestBytes(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** A new token: the prefix and 256 random bits, base64url. */
  static String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("token name must be 1 to 64 letters, digits, '.', '_' or '-', was '"
          + name + "'");
    }
  }

  /** The entries, read again if the file changed since they were last read. */
  private Loaded current() {
    Loaded last = loaded;
    if (last != null && last.stamp().equals(stamp())) {
      return last;
    }
    return read();
  }

  private Loaded read() {
    Stamp stamp = stamp();
    List<Entry> entries = new ArrayList<>();
    if (stamp != null) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        text = "";
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the admin token file " + file, e);
      }
      if (!text.isBlank()) {
        JsonNode tokens = Json.read(text, JsonNode.class).path("tokens");
        for (JsonNode node : tokens) {
          entries.add(new Entry(node.path("name").asText(), AdminRole.parse(node.path("role").asText()),
              Instant.parse(node.path("created").asText()), node.path("sha256").asText()));
        }
      }
    }
    Loaded fresh = new Loaded(stamp, List.copyOf(entries));
    loaded = fresh;
    return fresh;
  }

  private Stamp stamp() {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(attributes.fileKey(), attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
          attributes.size());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the admin token file " + file, e);
    }
  }

  private record StoredEntry(String name, String role, String created, String sha256) {}

  private record StoredFile(String comment, List<StoredEntry> tokens) {}

  private void write(List<Entry> entries) {
    List<StoredEntry> stored = entries.stream()
        .map(e -> new StoredEntry(e.name(), e.role().label(), e.created().toString(), e.sha256())).toList();
    String text = Json.write(new StoredFile("Herald admin tokens: SHA-256 digests, never the tokens;"
        + " change with bin/herald token", stored)) + "\n";
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".new");
      Files.deleteIfExists(temporary);
      writeOwnerOnly(temporary, text);
      try {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the admin token file " + file, e);
    }
    loaded = null;
    read();
  }

  /**
   * Writes {@code text} into a new file {@code path} readable and writable by its owner alone (where
   * the file system has POSIX permissions).
   *
   * @throws FileAlreadyExistsException if it exists
   */
  public static void writeOwnerOnly(Path path, String text) throws IOException {
    boolean posix = path.toAbsolutePath().getParent().getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    Files.createFile(path, attributes);
    Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
