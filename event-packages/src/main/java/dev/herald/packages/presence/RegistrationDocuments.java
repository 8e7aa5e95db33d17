package dev.herald.packages.presence;

import dev.herald.packages.presence.pidf.RegistrationPidf;
import dev.herald.packages.state.Binding;
import java.util.List;

/** The PIDF document the bindings of an address of record imply. */
final class RegistrationDocuments {

  private RegistrationDocuments() {}

  static byte[] document(String presentityUri, List<Binding> bindings) {
    return RegistrationPidf.document(presentityUri, bindings.stream()
        .map(b -> new RegistrationPidf.BindingView(b.contact(), b.q(), b.instanceId(), b.registeredAtMs())).toList());
  }
}
