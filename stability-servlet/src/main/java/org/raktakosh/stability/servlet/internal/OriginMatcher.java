package org.raktakosh.stability.servlet.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Matches the {@code Origin} of a request against allowed origins, parsed once at start-up: no
 * regex and no allocation beyond one lower-casing per request. Scheme and host compare
 * case-insensitively; a default port ({@code :80} for http, {@code :443} for https) is the same as
 * none, as browsers serialise origins without it.
 *
 * <p>Exact origins are {@code scheme://host[:port]}, or {@code *} for any origin. Patterns add a
 * wildcard host prefix and port sets: {@code https://*.example.org} (any sub-domain, at any depth,
 * not the domain itself), {@code http://localhost:[*]} (any port or none), {@code
 * http://localhost:[8080,8081]} (those ports).
 */
public final class OriginMatcher {

  private static final int ANY_PORT = -2;
  private static final int NO_PORT = -1;

  private final boolean any;
  private final Set<String> exact;
  private final List<Pattern> patterns;

  private OriginMatcher(boolean any, Set<String> exact, List<Pattern> patterns) {
    this.any = any;
    this.exact = exact;
    this.patterns = patterns;
  }

  /**
   * A matcher of {@code origins} (exact, or {@code *}) and {@code patterns}.
   *
   * @throws IllegalArgumentException naming {@code originsSetting} or {@code patternsSetting} and
   *     the offending entry if one is malformed
   */
  public static OriginMatcher of(
      String originsSetting, List<String> origins, String patternsSetting, List<String> patterns) {
    boolean any = false;
    Set<String> exact = new HashSet<>();
    for (String origin : origins) {
      if ("*".equals(origin)) {
        any = true;
        continue;
      }
      Origin parsed = Origin.parse(origin);
      if (parsed == null || origin.contains("*") || origin.contains("[")) {
        throw new IllegalArgumentException(
            originsSetting
                + " entries must be * or scheme://host[:port] (use the origin patterns for"
                + " wildcards) but one was '"
                + origin
                + "'");
      }
      exact.add(parsed.serialised());
    }
    List<Pattern> compiled = new ArrayList<>();
    for (String pattern : patterns) {
      if ("*".equals(pattern)) {
        any = true;
        continue;
      }
      compiled.add(Pattern.parse(patternsSetting, pattern));
    }
    return new OriginMatcher(any, Set.copyOf(exact), List.copyOf(compiled));
  }

  /** Whether every origin is allowed ({@code *}). */
  public boolean any() {
    return any;
  }

  /** Whether nothing is allowed. */
  public boolean isEmpty() {
    return !any && exact.isEmpty() && patterns.isEmpty();
  }

  /** Whether {@code origin}, a request's {@code Origin} value, is allowed. */
  public boolean matches(String origin) {
    return any || matches(Origin.parse(origin));
  }

  /** Whether {@code parsed}, a parsed {@code Origin} (null if malformed), is allowed. */
  public boolean matches(Origin parsed) {
    if (any) {
      return true;
    }
    if (parsed == null) {
      return false;
    }
    if (exact.contains(parsed.serialised())) {
      return true;
    }
    for (Pattern pattern : patterns) {
      if (pattern.matches(parsed)) {
        return true;
      }
    }
    return false;
  }

  /** A parsed origin: lower-case scheme and host, port or {@link #NO_PORT} for the default. */
  public static final class Origin {
    final String scheme;
    final String host;
    final int port;

    /** The serialised form; the request's own string when it was already canonical. */
    private String text;

    private Origin(String scheme, String host, int port, String text) {
      this.scheme = scheme;
      this.host = host;
      this.port = port;
      this.text = text;
    }

    /** {@code scheme://host:port} as a browser serialises it, default port dropped. */
    public static Origin of(String scheme, String host, int port) {
      String s = scheme.toLowerCase(Locale.ROOT);
      return new Origin(
          s, host.toLowerCase(Locale.ROOT), port == defaultPort(s) ? NO_PORT : port, null);
    }

    /**
     * Whether this is the origin of a request with {@code scheme}, {@code host} (as {@code
     * getServerName()} gives it, IPv6 with or without brackets) and {@code port}; allocates
     * nothing.
     */
    public boolean sameAs(String scheme, String host, int port) {
      if (!this.scheme.equalsIgnoreCase(scheme)) {
        return false;
      }
      int normalised = port == defaultPort(this.scheme) ? NO_PORT : port;
      if (normalised != this.port) {
        return false;
      }
      if (this.host.equalsIgnoreCase(host)) {
        return true;
      }
      // IPv6: the origin has brackets, getServerName() may not.
      return this.host.length() == host.length() + 2
          && this.host.startsWith("[")
          && this.host.regionMatches(true, 1, host, 0, host.length());
    }

    /** {@code value} parsed, or null if it is not a {@code scheme://host[:port]} origin. */
    public static Origin parse(String value) {
      if (value == null) {
        return null;
      }
      int colon = value.indexOf("://");
      if (colon <= 0 || !isScheme(value, colon)) {
        return null;
      }
      String rawScheme = value.substring(0, colon);
      String scheme = rawScheme.toLowerCase(Locale.ROOT);
      String authority = value.substring(colon + 3);
      int portStart;
      String host;
      if (authority.startsWith("[")) {
        int close = authority.indexOf(']');
        if (close < 0) {
          return null;
        }
        host = authority.substring(0, close + 1);
        portStart = close + 1;
      } else {
        int c = authority.lastIndexOf(':');
        portStart = c < 0 ? authority.length() : c;
        host = authority.substring(0, portStart);
      }
      // '*' is allowed in configured patterns only; no browser sends it.
      if (host.isEmpty() || !isHost(host) || host.indexOf('*') >= 0) {
        return null;
      }
      int port = NO_PORT;
      if (portStart < authority.length()) {
        if (authority.charAt(portStart) != ':') {
          return null;
        }
        port = parsePort(authority.substring(portStart + 1));
        if (port < 0) {
          return null;
        }
      }
      String lowerHost = host.toLowerCase(Locale.ROOT);
      boolean defaultPort = port == defaultPort(scheme);
      // toLowerCase returns its receiver when nothing changes: then the value is canonical and
      // serves as the serialised form without building another string.
      boolean canonical = scheme == rawScheme && lowerHost == host && !defaultPort;
      return new Origin(scheme, lowerHost, defaultPort ? NO_PORT : port, canonical ? value : null);
    }

    /** Whether both name the same scheme, host and port. */
    public boolean sameAs(Origin other) {
      return other != null
          && scheme.equals(other.scheme)
          && host.equals(other.host)
          && port == other.port;
    }

    String serialised() {
      String serialised = text;
      if (serialised == null) {
        serialised = port == NO_PORT ? scheme + "://" + host : scheme + "://" + host + ":" + port;
        text = serialised;
      }
      return serialised;
    }

    @Override
    public String toString() {
      return serialised();
    }
  }

  /** One origin pattern, parsed. */
  private static final class Pattern {
    private final String scheme;
    private final String host;
    private final boolean subdomains;
    private final int[] ports; // NO_PORT alone, ANY_PORT alone, or a list

    private Pattern(String scheme, String host, boolean subdomains, int[] ports) {
      this.scheme = scheme;
      this.host = host;
      this.subdomains = subdomains;
      this.ports = ports;
    }

    static Pattern parse(String setting, String pattern) {
      String problem = null;
      int colon = pattern == null ? -1 : pattern.indexOf("://");
      if (colon <= 0 || !isScheme(pattern, colon)) {
        problem = "no scheme://";
      } else {
        String scheme = pattern.substring(0, colon).toLowerCase(Locale.ROOT);
        String authority = pattern.substring(colon + 3);
        String hostPart = authority;
        String portPart = null;
        int bracket = authority.indexOf(":[");
        if (bracket >= 0) {
          hostPart = authority.substring(0, bracket);
          portPart = authority.substring(bracket + 1);
        } else if (!authority.startsWith("[")) {
          int c = authority.lastIndexOf(':');
          if (c >= 0) {
            hostPart = authority.substring(0, c);
            portPart = authority.substring(c + 1);
          }
        } else {
          int close = authority.indexOf(']');
          if (close > 0 && close + 1 < authority.length()) {
            hostPart = authority.substring(0, close + 1);
            portPart = authority.substring(close + 2);
          }
        }
        boolean subdomains = hostPart.startsWith("*.");
        String host = (subdomains ? hostPart.substring(2) : hostPart).toLowerCase(Locale.ROOT);
        int[] ports = portPart == null ? new int[] {NO_PORT} : parsePorts(portPart, scheme);
        if (host.isEmpty() || host.contains("*") || !isHost(host)) {
          problem = "a host may only start with '*.'";
        } else if (ports == null) {
          problem = "the port must be a number, [*] or a list like [8080,8081]";
        } else {
          return new Pattern(scheme, host, subdomains, ports);
        }
      }
      throw new IllegalArgumentException(
          setting + " entry '" + pattern + "' is malformed: " + problem);
    }

    private static int[] parsePorts(String part, String scheme) {
      if (part.equals("*") || part.equals("[*]")) {
        return new int[] {ANY_PORT};
      }
      String list = part;
      if (part.startsWith("[") && part.endsWith("]")) {
        list = part.substring(1, part.length() - 1);
      } else if (part.contains(",") || part.contains("[") || part.contains("]")) {
        return null;
      }
      String[] items = list.split(",", -1);
      int[] ports = new int[items.length];
      for (int i = 0; i < items.length; i++) {
        int port = parsePort(items[i].trim());
        if (port < 0) {
          return null;
        }
        ports[i] = port == defaultPort(scheme) ? NO_PORT : port;
      }
      return ports;
    }

    boolean matches(Origin origin) {
      if (!scheme.equals(origin.scheme)) {
        return false;
      }
      if (subdomains) {
        String h = origin.host;
        if (h.length() <= host.length() + 1
            || !h.endsWith(host)
            || h.charAt(h.length() - host.length() - 1) != '.') {
          return false;
        }
      } else if (!host.equals(origin.host)) {
        return false;
      }
      for (int port : ports) {
        if (port == ANY_PORT || port == origin.port) {
          return true;
        }
      }
      return false;
    }
  }

  static int defaultPort(String scheme) {
    switch (scheme) {
      case "http":
      case "ws":
        return 80;
      case "https":
      case "wss":
        return 443;
      default:
        return Integer.MIN_VALUE;
    }
  }

  /** {@code text} as a port 0..65535, or -1. */
  static int parsePort(String text) {
    if (text.isEmpty() || text.length() > 5) {
      return -1;
    }
    int port = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65535 ? port : -1;
  }

  private static boolean isScheme(String value, int end) {
    for (int i = 0; i < end; i++) {
      char c = Character.toLowerCase(value.charAt(i));
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A registered name, IPv4 or bracketed IPv6 literal: no path, user info or spaces. */
  static boolean isHost(String host) {
    if (host.startsWith("[")) {
      if (!host.endsWith("]") || host.length() < 3) {
        return false;
      }
      for (int i = 1; i < host.length() - 1; i++) {
        char c = Character.toLowerCase(host.charAt(i));
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.')) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = Character.toLowerCase(host.charAt(i));
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '*';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
