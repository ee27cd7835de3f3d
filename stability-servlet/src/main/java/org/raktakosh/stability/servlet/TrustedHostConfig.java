package org.raktakosh.stability.servlet;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.raktakosh.stability.servlet.internal.HostMatcher;
import org.raktakosh.stability.servlet.internal.PathPrefixes;

/**
 * Settings of {@link TrustedHostFilter}. Immutable; build with {@link #custom()}.
 *
 * <ul>
 *   <li>{@code allowedHosts} (default none, which allows every host): {@code example.org}, {@code
 *       *.example.org} (sub-domains at any depth), {@code localhost}, {@code 127.0.0.1}, {@code
 *       [::1]}, each optionally with {@code :port} (without, any port matches); {@code *} allows
 *       all.
 *   <li>{@code excludedPaths} (default none): path prefixes never checked, such as {@code /health}
 *       for probes that call by IP address.
 *   <li>{@code trustForwardedHeaders} (default false): check {@code X-Forwarded-Host} (its first
 *       value) instead of {@code Host} when present. Only behind a proxy that sets or strips it.
 * </ul>
 */
public final class TrustedHostConfig {

  private final List<String> allowedHosts;
  private final List<String> excludedPaths;
  private final boolean trustForwardedHeaders;
  private final HostMatcher matcher;

  private TrustedHostConfig(Builder builder) {
    this.allowedHosts = builder.allowedHosts;
    this.excludedPaths = builder.excludedPaths;
    this.trustForwardedHeaders = builder.trustForwardedHeaders;
    this.matcher = HostMatcher.of("allowedHosts", allowedHosts);
  }

  /** Every default: every host allowed. */
  public static TrustedHostConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** The allowed hosts (unmodifiable); empty allows all. */
  public List<String> allowedHosts() {
    return allowedHosts;
  }

  /** Path prefixes never checked (unmodifiable). */
  public List<String> excludedPaths() {
    return excludedPaths;
  }

  /** Whether {@code X-Forwarded-Host} is checked instead of {@code Host}. */
  public boolean trustForwardedHeaders() {
    return trustForwardedHeaders;
  }

  /** Whether every host is allowed (nothing configured, or {@code *}). */
  public boolean allowsAll() {
    return allowedHosts.isEmpty() || matcher.any();
  }

  /** The compiled matcher. */
  HostMatcher matcher() {
    return matcher;
  }

  @Override
  public String toString() {
    return "TrustedHostConfig{allowedHosts="
        + allowedHosts
        + ", excludedPaths="
        + excludedPaths
        + ", trustForwardedHeaders="
        + trustForwardedHeaders
        + '}';
  }

  /** Builds {@link TrustedHostConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private List<String> allowedHosts = List.of();
    private List<String> excludedPaths = List.of();
    private boolean trustForwardedHeaders;

    private Builder() {}

    /**
     * Sets the allowed hosts.
     *
     * @throws IllegalArgumentException if one is malformed
     */
    public Builder allowedHosts(String... hosts) {
      return allowedHosts(Arrays.asList(hosts));
    }

    /**
     * Sets the allowed hosts.
     *
     * @throws IllegalArgumentException if one is malformed
     */
    public Builder allowedHosts(List<String> hosts) {
      Objects.requireNonNull(hosts, "allowedHosts");
      List<String> copy = List.copyOf(hosts);
      HostMatcher.of("allowedHosts", copy);
      this.allowedHosts = copy;
      return this;
    }

    /**
     * Sets the path prefixes never checked.
     *
     * @throws IllegalArgumentException if a prefix does not start with '/'
     */
    public Builder excludedPaths(String... prefixes) {
      return excludedPaths(Arrays.asList(prefixes));
    }

    /**
     * Sets the path prefixes never checked.
     *
     * @throws IllegalArgumentException if a prefix does not start with '/'
     */
    public Builder excludedPaths(List<String> prefixes) {
      this.excludedPaths = PathPrefixes.validate("excludedPaths", prefixes);
      return this;
    }

    /** Sets whether {@code X-Forwarded-Host} is checked instead of {@code Host}. */
    public Builder trustForwardedHeaders(boolean trustForwardedHeaders) {
      this.trustForwardedHeaders = trustForwardedHeaders;
      return this;
    }

    /** The configuration. */
    public TrustedHostConfig build() {
      return new TrustedHostConfig(this);
    }
  }
}
