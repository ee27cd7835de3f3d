package org.raktakosh.stability.internal.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations the way Spring Boot's configuration does, so a value means the same in a {@code
 * stability.properties} file as in {@code application.yml}: {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 1h}, {@code 2d}, {@code 10us}, {@code 10ns}, ISO-8601 ({@code PT30S}), or a bare number of
 * milliseconds.
 */
public final class Durations {

  private static final Pattern SIMPLE = Pattern.compile("^([+-]?\\d+)([a-zA-Z]{0,2})$");

  private Durations() {}

  /**
   * {@code value} as a duration.
   *
   * @throws IllegalArgumentException naming {@code key} if the value is not a duration
   */
  public static Duration parse(String key, String value) {
    if (value == null || value.isBlank()) {
      throw invalid(key, value, null);
    }
    String text = value.trim();
    Matcher simple = SIMPLE.matcher(text);
    try {
      if (simple.matches()) {
        long amount = Long.parseLong(simple.group(1));
        switch (simple.group(2).toLowerCase(Locale.ROOT)) {
          case "":
          case "ms":
            return Duration.ofMillis(amount);
          case "ns":
            return Duration.ofNanos(amount);
          case "us":
            return Duration.ofNanos(Math.multiplyExact(amount, 1000L));
          case "s":
            return Duration.ofSeconds(amount);
          case "m":
            return Duration.ofMinutes(amount);
          case "h":
            return Duration.ofHours(amount);
          case "d":
            return Duration.ofDays(amount);
          default:
            throw invalid(key, value, null);
        }
      }
      return Duration.parse(text);
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw invalid(key, value, e);
    }
  }

  private static IllegalArgumentException invalid(String key, String value, Exception cause) {
    return new IllegalArgumentException(
        key + " must be a duration such as 500ms, 30s, 5m or PT30S, but was '" + value + "'",
        cause);
  }
}
