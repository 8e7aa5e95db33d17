package dev.herald.packages.presence;

import dev.herald.packages.presence.pidf.Pidf;
import dev.herald.packages.state.Binding;
import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.schemas.ResourceKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The composed presence document of a resource: its publications (RFC 3903 §4), and the presence
 * its registrations imply (one open tuple per binding, as OpenSER's pa module showed it).
 */
final class PresenceDocuments {

  private final DerivedPresence derived;

  PresenceDocuments(DerivedPresence derived) {
    this.derived = derived;
  }

  byte[] document(ResourceState state) {
    String uri = ResourceKeys.uriOf(state.resource());
    List<byte[]> parts = new ArrayList<>(state.publications().size() + 1);
    state.publications().forEach(p -> parts.add(p.body()));
    if (showsRegistrations(state)) {
      if (state.bindings().isEmpty()) {
        // Neither published nor registered: closed, so watchers see the last binding go.
        return Pidf.closed(uri);
      }
      parts.add(RegistrationDocuments.document(uri, state.bindings()));
    }
    return Pidf.compose(uri, parts);
  }

  /**
   * Whether the document of {@code before} and {@code after} must be the same because what it is
   * made of is: the publication bodies and, where they show, what the bindings show.
   */
  boolean sameInputs(ResourceState before, ResourceState after) {
    if (!Publication.sameBodies(before.publications(), after.publications())) {
      return false;
    }
    boolean showsBefore = showsRegistrations(before);
    if (showsBefore != showsRegistrations(after)) {
      return false;
    }
    return !showsBefore || sameShownBindings(before.bindings(), after.bindings());
  }

  private boolean showsRegistrations(ResourceState state) {
    return derived == DerivedPresence.MERGE || derived == DerivedPresence.FALLBACK && state.publications().isEmpty();
  }

  /** A refresh changes a binding's expiry, CSeq and Call-ID, none of which shows. */
  private static boolean sameShownBindings(List<Binding> a, List<Binding> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Binding x = a.get(i);
      Binding y = b.get(i);
      if (!x.contact().equals(y.contact()) || !Objects.equals(x.q(), y.q())
          || !Objects.equals(x.instanceId(), y.instanceId()) || x.registeredAtMs() != y.registeredAtMs()) {
        return false;
      }
    }
    return true;
  }
}
