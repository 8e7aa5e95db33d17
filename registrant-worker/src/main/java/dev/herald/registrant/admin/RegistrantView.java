package dev.herald.registrant.admin;

import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantStatus;
import dev.herald.registrant.RegistrantState;

/**
 * One account as the admin API lists it, like uac_registrant's {@code reg_list}: the account without its
 * password, and its worker's last status. An account without a status yet is state 0 NOT_REGISTERED.
 */
public record RegistrantView(String aor, String registrar, String proxy, String thirdPartyRegistrant,
    String username, String bindingUri, String bindingParams, int expiry, String forcedSocket, boolean enabled,
    int state, String stateName, Integer grantedExpires, String lastResponse, Long nextAttemptMs, String worker,
    Long updatedAtMs) {

  public static RegistrantView of(RegistrantAccount account, RegistrantStatus status) {
    boolean known = status != null;
    return new RegistrantView(account.getAor(), account.getRegistrar(), account.getProxy(),
        account.getThirdPartyRegistrant(), account.getUsername(), account.getBindingUri(), account.getBindingParams(),
        account.getExpiry(), account.getForcedSocket(), account.getEnabled(),
        known ? status.getState() : RegistrantState.NOT_REGISTERED.code(),
        known ? status.getStateName() : RegistrantState.NOT_REGISTERED.stateName(),
        known ? status.getGrantedExpires() : null, known ? status.getLastResponse() : null,
        known ? status.getNextAttemptMs() : null, known ? status.getWorker() : null,
        known ? status.getUpdatedAtMs() : null);
  }
}
