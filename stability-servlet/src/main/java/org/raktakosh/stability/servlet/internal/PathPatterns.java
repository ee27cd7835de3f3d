package org.raktakosh.stability.servlet.internal;

import java.util.regex.Pattern;

/**
 * Ant-style path patterns as Spring and Jetty users write them: {@code /api/**} (the prefix and
 * everything below it), {@code /reports/*} (one segment), {@code /files/*.csv}, or an exact path.
 * Compiled once at start-up; matching is a regex match on the request path.
 */
public final class PathPatterns {

  private PathPatterns() {}

  /**
   * The compiled pattern.
   *
   * @throws IllegalArgumentException if it does not start with '/'
   */
  public static Pattern compile(String antPattern) {
    if (antPattern == null || !antPattern.startsWith("/")) {
      throw new IllegalArgumentException("path pattern must start with '/': '" + antPattern + "'");
    }
    StringBuilder regex = new StringBuilder();
    String rest = antPattern;
    if (rest.endsWith("/**")) {
      rest = rest.substring(0, rest.length() - 3);
      appendSegmentPattern(regex, rest);
      regex.append("(/.*)?");
      return Pattern.compile(regex.toString());
    }
    appendSegmentPattern(regex, rest);
    return Pattern.compile(regex.toString());
  }

  private static void appendSegmentPattern(StringBuilder regex, String pattern) {
    int i = 0;
    while (i < pattern.length()) {
      if (pattern.startsWith("/**/", i)) {
        regex.append("(/[^/]*)*/");
        i += 4;
      } else if (pattern.charAt(i) == '*') {
        regex.append("[^/]*");
        i++;
      } else {
        int next = nextWildcard(pattern, i);
        regex.append(Pattern.quote(pattern.substring(i, next)));
        i = next;
      }
    }
  }

  private static int nextWildcard(String pattern, int from) {
    int star = pattern.indexOf('*', from);
    int doubleStar = pattern.indexOf("/**/", from);
    int next = star < 0 ? pattern.length() : star;
    if (doubleStar >= 0 && doubleStar < next) {
      next = doubleStar;
    }
    return next == from ? from + 1 : next;
  }
}
