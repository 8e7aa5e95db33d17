package dev.herald.processor.registrar;

import dev.herald.avro.Registration;

/** What {@link RegistrarEventParser} made of one record of the registrar-events topic. */
public sealed interface RegistrarEvent {

  /** A binding change for the resource {@code resourceKey} ({@code presence|<AOR>}). */
  record Parsed(String resourceKey, Registration registration) implements RegistrarEvent {}

  /** A usrloc event that changes no binding (E_UL_AOR_INSERT, E_UL_LATENCY_UPDATE): nothing to do. */
  record Ignored(String reason) implements RegistrarEvent {}

  /** A record Herald cannot use, and why. */
  record Rejected(String reason) implements RegistrarEvent {}
}
