package dev.herald.packages.callinfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The shared appearances of one line: what its publications say, and which subscriptions have
 * seized which appearance.
 *
 * <p>Publications merge by appearance-index, the later one winning; a later {@code
 * appearance-index=*} publication makes every appearance an earlier one named idle. An appearance
 * nobody published is idle.
 *
 * <p>The NOTIFY header names the line's address of record between {@code <>}: several publishers
 * may describe one line, so no publisher's URI speaks for all of them, and phones key appearances
 * on appearance-index alone. For the same reason it carries appearance-index, -state and -uri, and
 * no other parameter of a publication.
 *
 * @param aor the line's address of record
 * @param publications oldest first
 * @param seizures by seizing subscription id
 */
public record LineState(String aor, List<Publication> publications, Map<String, Seizure> seizures) {

  /** One publication's appearances, under its entity-tag. */
  public record Publication(String etag, List<Appearance> appearances) {

    public Publication {
      Objects.requireNonNull(etag, "etag");
      appearances = List.copyOf(appearances);
    }
  }

  /** Appearance {@code index} held by {@code subscriptionId} until {@code expiresAtMs}. */
  public record Seizure(int index, String subscriptionId, long expiresAtMs) {

    public Seizure {
      Objects.requireNonNull(subscriptionId, "subscriptionId");
    }
  }

  /** What {@link #seize} decided. */
  public sealed interface SeizeResult {}

  /** The seizure holds; {@code state} records it. */
  public record Granted(LineState state) implements SeizeResult {}

  /** The seizure is refused with this status and reason phrase; the state is unchanged. */
  public record Refused(int status, String reason) implements SeizeResult {}

  /** OpenSIPS presence_callinfo answers a line-seize it cannot grant with 480. */
  private static final int UNAVAILABLE = 480;

  public LineState {
    Objects.requireNonNull(aor, "aor");
    publications = List.copyOf(publications);
    seizures = Map.copyOf(seizures);
  }

  /** A line with no publication and no seizure: every appearance idle. */
  public static LineState empty(String aor) {
    return new LineState(aor, List.of(), Map.of());
  }

  /** This line with publication {@code etag} now saying {@code appearances}, as its latest. */
  public LineState withPublished(String etag, List<Appearance> appearances) {
    List<Publication> next = new ArrayList<>(withoutEtag(etag));
    next.add(new Publication(etag, appearances));
    return new LineState(aor, next, seizures);
  }

  /** This line without publication {@code etag} (removed or expired). */
  public LineState withoutPublication(String etag) {
    return new LineState(aor, withoutEtag(etag), seizures);
  }

  /**
   * Seizes appearance {@code index} for {@code subscriptionId} until {@code expiresAtMs}. Seizures
   * past {@code nowMs} no longer count. A subscription holds one appearance: seizing another moves
   * its seizure, seizing the same one again refreshes it.
   */
  public SeizeResult seize(int index, String subscriptionId, long expiresAtMs, long nowMs) {
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    if (index < 0) {
      return new Refused(400, "appearance-index below 0");
    }
    if (expiresAtMs <= nowMs) {
      return new Refused(400, "Seizure expires at once");
    }
    LineState live = expire(nowMs);
    Optional<Seizure> own = live.seizureOf(subscriptionId);
    boolean refresh = own.isPresent() && own.get().index() == index;
    if (!refresh) {
      // OpenSIPS #4192: a live seizure by another subscriber keeps the appearance.
      if (live.seizureAt(index).isPresent()) {
        return new Refused(UNAVAILABLE, "Appearance " + index + " Already Seized");
      }
      // OpenSIPS #4193: an appearance in a call cannot be seized.
      AppearanceState published = live.publishedStates().getOrDefault(index, AppearanceState.IDLE);
      if (published != AppearanceState.IDLE) {
        return new Refused(UNAVAILABLE, "Appearance " + index + " Busy");
      }
    }
    Map<String, Seizure> next = new HashMap<>(live.seizures());
    next.put(subscriptionId, new Seizure(index, subscriptionId, expiresAtMs));
    return new Granted(new LineState(aor, publications, next));
  }

  /** This line without the seizure of {@code subscriptionId}, if it held one. */
  public LineState release(String subscriptionId) {
    if (!seizures.containsKey(subscriptionId)) {
      return this;
    }
    Map<String, Seizure> next = new HashMap<>(seizures);
    next.remove(subscriptionId);
    return new LineState(aor, publications, next);
  }

  /** This line without the seizures that end at or before {@code nowMs}. */
  public LineState expire(long nowMs) {
    Map<String, Seizure> next = new HashMap<>(seizures);
    next.values().removeIf(s -> s.expiresAtMs() <= nowMs);
    return next.size() == seizures.size() ? this : new LineState(aor, publications, next);
  }

  /** When the next seizure ends, for the expiry index; empty without seizures. */
  public OptionalLong nextSeizureExpiry() {
    return seizures.values().stream().mapToLong(Seizure::expiresAtMs).min();
  }

  /** The seizure {@code subscriptionId} holds. */
  public Optional<Seizure> seizureOf(String subscriptionId) {
    return Optional.ofNullable(seizures.get(subscriptionId));
  }

  /** The appearances the publications name, merged, by index. */
  public Map<Integer, AppearanceState> publishedStates() {
    Map<Integer, AppearanceState> states = new TreeMap<>();
    merged().forEach((index, appearance) -> states.put(index, appearance.state()));
    return states;
  }

  /**
   * The value of the Call-Info header of a call-info NOTIFY: every known appearance with its
   * effective state, a seized idle one as {@code seized}; {@code appearance-index=*} when all are
   * idle. Seizures count until released or expired: call {@link #expire} first.
   */
  public String callInfoHeaderValue() {
    Map<Integer, Appearance> merged = merged();
    Map<Integer, AppearanceState> effective = new TreeMap<>();
    merged.forEach((index, appearance) -> effective.put(index, appearance.state()));
    for (Seizure seizure : seizures.values()) {
      effective.merge(seizure.index(), AppearanceState.SEIZED,
          (published, seized) -> published == AppearanceState.IDLE ? seized : published);
    }
    String front = "<" + aor + ">";
    if (effective.values().stream().allMatch(s -> s == AppearanceState.IDLE)) {
      return front + ";appearance-index=*;appearance-state=idle";
    }
    List<String> entries = new ArrayList<>();
    effective.forEach((index, state) -> {
      StringBuilder entry = new StringBuilder(front)
          .append(";appearance-index=").append(index)
          .append(";appearance-state=").append(state.token());
      Optional.ofNullable(merged.get(index))
          .flatMap(Appearance::appearanceUri)
          .ifPresent(uri -> entry.append(";appearance-uri=").append(uri));
      entries.add(entry.toString());
    });
    return String.join(",", entries);
  }

  private Optional<Seizure> seizureAt(int index) {
    return seizures.values().stream().filter(s -> s.index() == index).findFirst();
  }

  private Map<Integer, Appearance> merged() {
    Map<Integer, Appearance> merged = new TreeMap<>();
    for (Publication publication : publications) {
      for (Appearance appearance : publication.appearances()) {
        if (appearance.index() instanceof AppearanceIndex.Numbered numbered) {
          merged.put(numbered.value(), appearance);
        } else {
          merged.clear();
        }
      }
    }
    return merged;
  }

  private List<Publication> withoutEtag(String etag) {
    Objects.requireNonNull(etag, "etag");
    return publications.stream().filter(p -> !p.etag().equals(etag)).toList();
  }
}
