package org.raktakosh.stability.servlet.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Matches a {@code Host} (or {@code X-Forwarded-Host}) value against allowed hosts, parsed once at
 * start-up. An entry is a name ({@code example.org}, {@code localhost}), a wildcard of sub-domains
 * ({@code *.example.org}: any depth, not the domain itself), an IPv4 literal or a bracketed IPv6
 * literal ({@code [::1]}), each with an optional {@code :port}; {@code *} allows every host. An
 * entry without a port allows any port. Names compare case-insensitively and without a trailing
 * dot; IPv6 literals compare in canonical form, so {@code [0:0:0:0:0:0:0:1]} is {@code [::1]}.
 */
public final class HostMatcher {

  private static final int ANY_PORT = -1;

  private final boolean any;
  private final List<Entry> entries;

  private HostMatcher(boolean any, List<Entry> entries) {
    this.any = any;
    this.entries = entries;
  }

  /**
   * A matcher of {@code hosts}.
   *
   * @throws IllegalArgumentException naming {@code setting} and the entry if one is malformed
   */
  public static HostMatcher of(String setting, List<String> hosts) {
    boolean any = false;
    List<Entry> entries = new ArrayList<>();
    for (String host : hosts) {
      if ("*".equals(host)) {
        any = true;
        continue;
      }
      String[] parts = host == null ? null : split(host);
      boolean subdomains = parts != null && parts[0].startsWith("*.");
      String name = parts == null ? null : subdomains ? parts[0].substring(2) : parts[0];
      int port = parts == null || parts[1] == null ? ANY_PORT : OriginMatcher.parsePort(parts[1]);
      if (name == null
          || name.isEmpty()
          || name.contains("*")
          || !OriginMatcher.isHost(name)
          || (parts[1] != null && port < 0)) {
        throw new IllegalArgumentException(
            setting
                + " entries must be a host name, *.domain, an IPv4 or [IPv6] address, each with"
                + " an optional :port, but one was '"
                + host
                + "'");
      }
      entries.add(new Entry(normalise(name), subdomains, port));
    }
    return new HostMatcher(any, List.copyOf(entries));
  }

  /** Whether every host is allowed. */
  public boolean any() {
    return any;
  }

  /** Whether {@code value}, a {@code Host} header value, is allowed. */
  public boolean matches(String value) {
    if (any) {
      return true;
    }
    String[] parts = value == null ? null : split(value.trim());
    if (parts == null || parts[0].isEmpty() || !OriginMatcher.isHost(parts[0])) {
      return false;
    }
    int port = ANY_PORT;
    if (parts[1] != null) {
      port = OriginMatcher.parsePort(parts[1]);
      if (port < 0) {
        return false;
      }
    }
    String host = normalise(parts[0]);
    for (Entry entry : entries) {
      if (entry.matches(host, port)) {
        return true;
      }
    }
    return false;
  }

  /** {host, port or null}, or null if a bracket is unbalanced. */
  private static String[] split(String value) {
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0) {
        return null;
      }
      String host = value.substring(0, close + 1);
      if (close + 1 == value.length()) {
        return new String[] {host, null};
      }
      if (value.charAt(close + 1) != ':') {
        return null;
      }
      return new String[] {host, value.substring(close + 2)};
    }
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      return new String[] {value, null};
    }
    return new String[] {value.substring(0, colon), value.substring(colon + 1)};
  }

  private static String normalise(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    if (lower.startsWith("[")) {
      try {
        // Only hex digits, ':' and '.' reach here (isHost), so this parses a literal: no lookup.
        return "[" + InetAddress.getByName(lower).getHostAddress() + "]";
      } catch (UnknownHostException e) {
        return lower;
      }
    }
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  private static final class Entry {
    private final String host;
    private final boolean subdomains;
    private final int port;

    Entry(String host, boolean subdomains, int port) {
      this.host = host;
      this.subdomains = subdomains;
      this.port = port;
    }

    boolean matches(String candidate, int candidatePort) {
      if (port != ANY_PORT && port != candidatePort) {
        return false;
      }
      if (!subdomains) {
        return host.equals(candidate);
      }
      return candidate.length() > host.length() + 1
          && candidate.endsWith(host)
          && candidate.charAt(candidate.length() - host.length() - 1) == '.';
    }
  }
}
