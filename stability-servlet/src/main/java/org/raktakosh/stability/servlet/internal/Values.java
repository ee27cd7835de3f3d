package org.raktakosh.stability.servlet.internal;

import java.util.Locale;
import java.util.Properties;

/** Parses property values with failures that name their key, shared by the property readers. */
final class Values {

  private Values() {}

  /** The boolean at {@code key}, or {@code fallback} when absent. */
  static boolean bool(Properties properties, String key, boolean fallback) {
    String value = properties.getProperty(key);
    return value == null ? fallback : bool(key, value.trim());
  }

  /** {@code value} as a boolean; only {@code true} and {@code false}, in any case. */
  static boolean bool(String key, String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException(key + " must be true or false but was '" + value + "'");
    }
  }

  /** {@code value} as an int. */
  static int integer(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer but was '" + value + "'", e);
    }
  }

  /**
   * {@code value} as a number of bytes, written as Spring's {@code DataSize} is: {@code 1024},
   * {@code 1KB}, {@code 10MB}, {@code 1GB}, {@code 1TB} (binary units, suffix in any case); a value
   * beyond {@code Long.MAX_VALUE} bytes is rejected.
   */
  static long bytes(String key, String value) {
    String v = value.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    String digits = v;
    if (v.endsWith("KB")) {
      unit = 1024L;
    } else if (v.endsWith("MB")) {
      unit = 1024L * 1024;
    } else if (v.endsWith("GB")) {
      unit = 1024L * 1024 * 1024;
    } else if (v.endsWith("TB")) {
      unit = 1024L * 1024 * 1024 * 1024;
    }
    if (unit > 1) {
      digits = v.substring(0, v.length() - 2).trim();
    } else if (v.endsWith("B")) {
      digits = v.substring(0, v.length() - 1).trim();
    }
    try {
      return Math.multiplyExact(Long.parseLong(digits), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          key + " must be a size such as 1024, 1KB or 10MB but was '" + value + "'", e);
    }
  }

  /** The error for a key under a Stability prefix that no feature reads. */
  static IllegalArgumentException unknown(String key) {
    return new IllegalArgumentException(key + " is not a known Stability setting");
  }

  /** The comma-separated items of {@code value}, trimmed, blanks dropped. */
  static java.util.List<String> list(String value) {
    java.util.List<String> items = new java.util.ArrayList<>();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return items;
  }

  /** {@code e} with {@code key} in front of its message, unless it names the key already. */
  static IllegalArgumentException naming(String key, IllegalArgumentException e) {
    if (e.getMessage() != null && e.getMessage().startsWith(key)) {
      return e;
    }
    return new IllegalArgumentException(key + ": " + e.getMessage(), e);
  }
}
