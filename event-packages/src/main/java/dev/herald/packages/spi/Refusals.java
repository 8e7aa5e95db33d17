package dev.herald.packages.spi;

import dev.herald.packages.spi.EventPackage.Refusal;

/** The refusals the edge and the processor both give, worded once. */
public final class Refusals {

  /** RFC 3903 §6 step 4: without SIP-If-Match only an initial publication, with a body, is valid. */
  public static final Refusal INITIAL_PUBLISH_NEEDS_BODY = new Refusal(400, "Initial Publication Needs a Body");

  private Refusals() {}
}
