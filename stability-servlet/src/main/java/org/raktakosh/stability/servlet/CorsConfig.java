package org.raktakosh.stability.servlet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.raktakosh.stability.servlet.internal.PathPatterns;

/**
 * Settings of {@link CorsFilter}: a default {@link CorsPolicy}, per-path policies, named profiles
 * and how the request's own origin is found. Immutable; build with {@link #custom()}.
 *
 * <ul>
 *   <li>{@code policy} (default {@link CorsPolicy#none()}): for paths no rule names.
 *   <li>{@code path(pattern, policy)}: Ant-style patterns ({@code /api/**}, {@code /public/*}),
 *       tried in the order added; the first match wins over the default. A rule is a whole policy:
 *       it does not inherit from the default.
 *   <li>{@code profile(name, policy)} and {@code activeProfile(name)}: policies per environment
 *       ({@code dev}, {@code prod}); the active one replaces the default policy.
 *   <li>{@code trustForwardedHeaders} (default false): whether {@code X-Forwarded-Proto}, {@code
 *       -Host} and {@code -Port} tell the request's own origin, for same-origin detection behind a
 *       proxy. Only turn it on behind a proxy that sets or strips them.
 * </ul>
 */
public final class CorsConfig {

  private final CorsPolicy defaultPolicy;
  private final Map<String, CorsPolicy> paths;
  private final Map<String, CorsPolicy> profiles;
  private final String activeProfile;
  private final boolean trustForwardedHeaders;

  private CorsConfig(Builder builder) {
    this.defaultPolicy = builder.policy;
    this.paths = Collections.unmodifiableMap(new LinkedHashMap<>(builder.paths));
    this.profiles = Collections.unmodifiableMap(new LinkedHashMap<>(builder.profiles));
    this.activeProfile = builder.activeProfile;
    this.trustForwardedHeaders = builder.trustForwardedHeaders;
  }

  /** A builder starting from the defaults (CORS off). */
  public static Builder custom() {
    return new Builder();
  }

  /** CORS off. */
  public static CorsConfig ofDefaults() {
    return custom().build();
  }

  /** {@code policy} on every path. */
  public static CorsConfig of(CorsPolicy policy) {
    return custom().policy(policy).build();
  }

  /** The policy for paths no rule names: the active profile's, else the default. */
  public CorsPolicy policy() {
    return activeProfile == null ? defaultPolicy : profiles.get(activeProfile);
  }

  /** Policies by path pattern, in matching order (unmodifiable). */
  public Map<String, CorsPolicy> paths() {
    return paths;
  }

  /** The named profiles (unmodifiable). */
  public Map<String, CorsPolicy> profiles() {
    return profiles;
  }

  /** The active profile, if one is chosen. */
  public Optional<String> activeProfile() {
    return Optional.ofNullable(activeProfile);
  }

  /** Whether {@code X-Forwarded-*} tells the request's own origin. */
  public boolean trustForwardedHeaders() {
    return trustForwardedHeaders;
  }

  /** Whether any path allows any origin. */
  public boolean isEnabled() {
    if (!policy().isEmpty()) {
      return true;
    }
    for (CorsPolicy rule : paths.values()) {
      if (!rule.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "CorsConfig{policy="
        + policy()
        + ", paths="
        + paths
        + ", activeProfile="
        + activeProfile
        + ", profiles="
        + profiles.keySet()
        + ", trustForwardedHeaders="
        + trustForwardedHeaders
        + '}';
  }

  /** Builds {@link CorsConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private CorsPolicy policy = CorsPolicy.none();
    private final Map<String, CorsPolicy> paths = new LinkedHashMap<>();
    private final Map<String, CorsPolicy> profiles = new LinkedHashMap<>();
    private String activeProfile;
    private boolean trustForwardedHeaders;

    private Builder() {}

    /** Sets the policy for paths no rule names. */
    public Builder policy(CorsPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Adds a policy for the paths matching {@code pattern}; rules are tried in the order added.
     *
     * @throws IllegalArgumentException if the pattern does not start with '/' or is added twice
     */
    public Builder path(String pattern, CorsPolicy policy) {
      Objects.requireNonNull(policy, "policy");
      try {
        PathPatterns.compile(pattern);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("paths: " + e.getMessage(), e);
      }
      if (paths.putIfAbsent(pattern, policy) != null) {
        throw new IllegalArgumentException("paths: " + pattern + " is set twice");
      }
      return this;
    }

    /**
     * Adds a named profile.
     *
     * @throws IllegalArgumentException if the name is blank or taken
     */
    public Builder profile(String name, CorsPolicy policy) {
      Objects.requireNonNull(policy, "policy");
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("profiles: a profile name must not be blank");
      }
      if (profiles.putIfAbsent(name, policy) != null) {
        throw new IllegalArgumentException("profiles: " + name + " is defined twice");
      }
      return this;
    }

    /**
     * Chooses the profile whose policy replaces the default; null for none. Checked by {@link
     * #build()}.
     */
    public Builder activeProfile(String name) {
      this.activeProfile = name == null || name.isBlank() ? null : name.trim();
      return this;
    }

    /** Sets whether {@code X-Forwarded-*} tells the request's own origin. */
    public Builder trustForwardedHeaders(boolean trustForwardedHeaders) {
      this.trustForwardedHeaders = trustForwardedHeaders;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException if the active profile is not defined
     */
    public CorsConfig build() {
      if (activeProfile != null && !profiles.containsKey(activeProfile)) {
        throw new IllegalArgumentException(
            "profile '"
                + activeProfile
                + "' is not defined; defined profiles: "
                + new ArrayList<>(profiles.keySet()));
      }
      return new CorsConfig(this);
    }
  }
}
