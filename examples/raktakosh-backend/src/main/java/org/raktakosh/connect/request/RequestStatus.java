package org.raktakosh.connect.request;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Where a blood request stands; written in lower case in JSON and in {@code ?status=}. */
public enum RequestStatus {
  /** Waiting for blood. */
  OPEN,
  /** The units were taken from the inventory. */
  FULFILLED;

  /** The JSON and query form, such as {@code "open"}. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code label}, ignoring case and surrounding spaces. */
  public static Optional<RequestStatus> fromLabel(String label) {
    for (RequestStatus status : values()) {
      if (status.label().equalsIgnoreCase(label.strip())) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
