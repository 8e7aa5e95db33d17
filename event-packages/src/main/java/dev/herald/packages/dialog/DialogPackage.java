package dev.herald.packages.dialog;

import dev.herald.avro.PresenceRules;
import dev.herald.avro.Publish;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.Expiries;
import dev.herald.packages.spi.SingleEventPackage;
import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.schemas.ResourceKeys;
import java.util.Arrays;

/**
 * The dialog event package (RFC 4235), and {@code dialog;sla} for bridged line appearances under
 * its own name: the dialogs of every publication of an entity in one document, each watcher's copy
 * numbered by its own version.
 */
final class DialogPackage extends SingleEventPackage<byte[]> {

  DialogPackage(String name, Expiries expiries) {
    super(name, DialogInfo.CONTENT_TYPE, expiries);
  }

  static DialogPackage dialog(Expiries expiries) {
    return new DialogPackage(DialogInfo.PACKAGE, expiries);
  }

  static DialogPackage sla(Expiries expiries) {
    return new DialogPackage(DialogInfo.SLA_PACKAGE, expiries);
  }





  @Override
  public PublishCheck check(Publish publish) {
    return PublishCheck.ofBody(publish, body -> DialogInfo.validate(body) instanceof DialogValidation.Rejected rejected
        ? new Refusal(rejected.sipStatus(), rejected.reason()) : null);
  }

  @Override
  public Admission admit(ResourceState state, PresenceRules rules, Candidate candidate, long nowMs) {
    return new Admission.Admitted(candidate.subscription(), state);
  }

  /** The composed document at version 0; each NOTIFY restamps its subscription's version. */
  @Override
  public byte[] view(ResourceState state) {
    return DialogInfo.compose(ResourceKeys.uriOf(state.resource()),
        state.publications().stream().map(Publication::body).toList());
  }

  @Override
  public byte[] document(byte[] view) {
    return view;
  }

  @Override
  public boolean sameInputs(ResourceState before, ResourceState after) {
    return Publication.sameBodies(before.publications(), after.publications());
  }

  @Override
  public boolean same(byte[] before, byte[] after) {
    return Arrays.equals(before, after);
  }

  /** RFC 4235 §4.1: the version counts the documents of this subscription, from 0. */
  @Override
  public Content content(ResourceState state, byte[] view, Subscription subscription, long nowMs) {
    return new Content(DialogInfo.CONTENT_TYPE, DialogInfo.withVersion(view, subscription.documentVersion()));
  }

  @Override
  public boolean notifiedOnChange(Subscription subscription) {
    return true;
  }
}
