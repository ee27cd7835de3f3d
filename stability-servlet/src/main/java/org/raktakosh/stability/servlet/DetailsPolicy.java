package org.raktakosh.stability.servlet;

import java.util.Locale;

/** Who may see check details, messages, errors and JVM figures in health responses. */
public enum DetailsPolicy {
  /** Nobody: every caller gets the status only. */
  NEVER,
  /**
   * Callers whose remote address is a loopback address (127.0.0.0/8, ::1). Behind a reverse proxy
   * on the same host every caller looks local: let the container resolve the client address from
   * forwarded headers, or choose {@link #NEVER}.
   */
  LOCALHOST,
  /** Every caller. */
  ALWAYS;

  /**
   * The policy named {@code value} ({@code never}, {@code localhost}, {@code always}, any case).
   *
   * @throws IllegalArgumentException naming {@code key} if the value is none of those
   */
  public static DetailsPolicy parse(String key, String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          key + " must be one of never, localhost, always but was '" + value + "'", e);
    }
  }
}
