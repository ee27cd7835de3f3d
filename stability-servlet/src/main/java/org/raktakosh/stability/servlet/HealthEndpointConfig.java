package org.raktakosh.stability.servlet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of {@link HealthServlet}: where it is mounted, who sees details, and extra paths that
 * answer for a group (the seed's {@code /backup-health} is the group {@code backup}). Immutable;
 * build with {@link #custom()}.
 */
public final class HealthEndpointConfig {

  /** Default base path of the health endpoints. */
  public static final String DEFAULT_PATH = "/health";

  /** Default details policy. */
  public static final DetailsPolicy DEFAULT_DETAILS = DetailsPolicy.LOCALHOST;

  private final String path;
  private final DetailsPolicy details;
  private final Map<String, String> aliases;

  private HealthEndpointConfig(Builder builder) {
    this.path = builder.path;
    this.details = builder.details;
    this.aliases = Collections.unmodifiableMap(new LinkedHashMap<>(builder.aliases));
  }

  /** Every default: mounted at {@code /health}, details for localhost, no aliases. */
  public static HealthEndpointConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** The base path, e.g. {@code /health}; groups answer at {@code <path>/<group>}. */
  public String path() {
    return path;
  }

  /** Who sees details. */
  public DetailsPolicy details() {
    return details;
  }

  /** Extra paths answering for a group, path to group name (unmodifiable). */
  public Map<String, String> aliases() {
    return aliases;
  }

  /** Builds {@link HealthEndpointConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private String path = DEFAULT_PATH;
    private DetailsPolicy details = DEFAULT_DETAILS;
    private final Map<String, String> aliases = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the base path.
     *
     * @throws IllegalArgumentException if it does not start with '/', ends with '/', or holds a
     *     wildcard
     */
    public Builder path(String path) {
      this.path = requirePath(path, "path");
      return this;
    }

    /** Sets who sees details. */
    public Builder details(DetailsPolicy details) {
      this.details = Objects.requireNonNull(details, "details");
      return this;
    }

    /**
     * Makes {@code path} answer for {@code group}, e.g. {@code alias("/backup-health", "backup")}.
     *
     * @throws IllegalArgumentException if the path is malformed or the group blank
     */
    public Builder alias(String path, String group) {
      requirePath(path, "alias path");
      if (group == null || group.isBlank()) {
        throw new IllegalArgumentException("alias " + path + " names a blank group");
      }
      aliases.put(path, group);
      return this;
    }

    /** The configuration. */
    public HealthEndpointConfig build() {
      return new HealthEndpointConfig(this);
    }

    private static String requirePath(String value, String name) {
      if (value == null
          || !value.startsWith("/")
          || value.length() < 2
          || value.endsWith("/")
          || value.contains("*")
          || value.contains("?")
          || value.contains("#")) {
        throw new IllegalArgumentException(
            name + " must start with '/', not end with '/' and hold no wildcard: '" + value + "'");
      }
      return value;
    }
  }
}
