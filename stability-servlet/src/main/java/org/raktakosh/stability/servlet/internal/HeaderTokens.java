package org.raktakosh.stability.servlet.internal;

/**
 * Reads the elements of a comma-separated header value in place: the checks that run on every
 * request neither split nor lower-case, so they allocate nothing.
 */
final class HeaderTokens {

  private HeaderTokens() {}

  /** The first index in {@code [from, to)} of {@code value} after optional whitespace. */
  static int trimStart(String value, int from, int to) {
    while (from < to && isBlank(value.charAt(from))) {
      from++;
    }
    return from;
  }

  /** The end of {@code [from, to)} of {@code value} before trailing optional whitespace. */
  static int trimEnd(String value, int from, int to) {
    while (to > from && isBlank(value.charAt(to - 1))) {
      to--;
    }
    return to;
  }

  /** Whether {@code [from, to)} of {@code value} is {@code token}, ignoring case. */
  static boolean is(String value, int from, int to, String token) {
    return to - from == token.length() && value.regionMatches(true, from, token, 0, to - from);
  }

  /** Optional whitespace, RFC 9110 section 5.6.3. */
  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
