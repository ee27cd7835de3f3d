package org.raktakosh.stability.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Objects;

/**
 * Path-prefix exclusions shared by the load-shedding filters. A prefix matches the path itself and
 * everything below it at a segment boundary: {@code /health} matches {@code /health} and {@code
 * /health/ready}, not {@code /healthy}.
 */
public final class PathPrefixes {

  private PathPrefixes() {}

  /**
   * {@code prefixes} checked and copied; a trailing '/' is dropped so that both spellings match the
   * same paths.
   *
   * @throws IllegalArgumentException naming {@code setting} if a prefix is null, empty or does not
   *     start with '/'
   */
  public static List<String> validate(String setting, List<String> prefixes) {
    Objects.requireNonNull(prefixes, setting);
    String[] checked = new String[prefixes.size()];
    for (int i = 0; i < checked.length; i++) {
      String prefix = prefixes.get(i);
      if (prefix == null || !prefix.startsWith("/")) {
        throw new IllegalArgumentException(
            setting + " entries must start with '/' but one was '" + prefix + "'");
      }
      checked[i] =
          prefix.length() > 1 && prefix.endsWith("/")
              ? prefix.substring(0, prefix.length() - 1)
              : prefix;
    }
    return List.of(checked);
  }

  /** Whether the request's path within the application falls under one of {@code prefixes}. */
  public static boolean matches(List<String> prefixes, HttpServletRequest request) {
    if (prefixes.isEmpty()) {
      return false;
    }
    String path = RequestPaths.withinApplication(request);
    for (String prefix : prefixes) {
      if (prefix.equals("/")
          || path.equals(prefix)
          || (path.startsWith(prefix) && path.charAt(prefix.length()) == '/')) {
        return true;
      }
    }
    return false;
  }
}
