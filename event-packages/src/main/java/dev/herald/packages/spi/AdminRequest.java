package dev.herald.packages.spi;

import java.util.Map;
import java.util.Objects;

/**
 * An operator's command on a resource, as it came through the request log.
 *
 * @param requestId the request log's id of the command, from which new entity-tags are made
 * @param operator who sent it (the admin API, a user)
 */
public record AdminRequest(String command, Map<String, String> args, String requestId, String operator, long nowMs) {

  public AdminRequest {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(requestId, "requestId");
    args = Map.copyOf(args);
  }
}
