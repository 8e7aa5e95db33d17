package dev.herald.common.sip;

import javax.sip.DialogTerminatedEvent;
import javax.sip.SipListener;
import javax.sip.TransactionTerminatedEvent;

/**
 * A {@link SipListener} of a stack without dialogs (Herald keeps dialog state in its own stores)
 * that has nothing to do when a transaction ends.
 */
public interface DialoglessListener extends SipListener {

  @Override
  default void processTransactionTerminated(TransactionTerminatedEvent event) {}

  @Override
  default void processDialogTerminated(DialogTerminatedEvent event) {}
}
