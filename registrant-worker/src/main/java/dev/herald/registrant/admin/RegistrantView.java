package dev.herald.registrant.admin;

import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantStatus;

/**
 * One account as the admin API lists it, like uac_registrant's {@code reg_list}: the account without its
 * password, and its worker's last status. An account without a status yet is state 0 NOT_REGISTERED.
 */
public record RegistrantView(String aor, String registrar, String proxy, String thirdPartyRegistrant,
    String username, String bindingUri, String bindingParams, int expiry, String forcedSocket, boolean enabled,
    int state, String stateName, Integer grantedExpires, String lastResponse, Long nextAttemptMs, String worker,
    Long updatedAtMs) {

  /** The state of an account no worker has reported on. */
  public static final int NOT_REGISTERED = 0;
  public static final String NOT_REGISTERED_NAME = "NOT_REGISTERED";

  public static RegistrantView of(RegistrantAccount account, RegistrantStatus status) {
    boolean known = status != null;
    return new RegistrantView(account.getAor(), account.getRegistrar(), account.getProxy(),
        account.getThirdPartyRegistrant(), account.getUsername(), account.getBindingUri(), account.getBindingParams(),
        account.getExpiry(), account.getForcedSocket(), account.getEnabled(),
        known ? status.getState() : NOT_REGISTERED, known ? status.getStateName() : NOT_REGISTERED_NAME,
        known ? status.getGrantedExpires() : null, known ? status.getLastResponse() : null,
        known ? status.getNextAttemptMs() : null, known ? status.getWorker() : null,
        known ? status.getUpdatedAtMs() : null);
  }
}
