package org.raktakosh.stability.servlet;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.raktakosh.stability.servlet.internal.PathPrefixes;

/**
 * Settings of {@link RateLimitFilter}. Immutable; build with {@link #custom()}.
 *
 * <ul>
 *   <li>{@code limitForPeriod} (default {@value #DEFAULT_LIMIT_FOR_PERIOD}) requests per {@code
 *       refreshPeriod} (default 1 s), per key.
 *   <li>{@code key} (default {@link Key#CLIENT_ADDRESS}): what the limit is counted by.
 *   <li>{@code maxKeys} (default {@value #DEFAULT_MAX_KEYS}) and {@code evictIdleAfter} (default 10
 *       min): the per-key limiters are kept in a bounded map that forgets the least recently used
 *       key when full and any key idle for longer than this, so memory does not grow with the
 *       number of clients.
 *   <li>{@code excludedPaths} (default {@code /health}): path prefixes never limited.
 *   <li>{@code name} (default {@value #DEFAULT_NAME}): the Resilience4j rate limiters' name.
 * </ul>
 */
public final class RateLimitConfig {

  /**
   * Default requests per period and key: 100 per second is far above what one browser or app
   * session sends, yet stops a single client's runaway loop long before it hurts other clients.
   */
  public static final int DEFAULT_LIMIT_FOR_PERIOD = 100;

  /** Default period after which the limit is available again. */
  public static final Duration DEFAULT_REFRESH_PERIOD = Duration.ofSeconds(1);

  /**
   * Default bound on tracked keys: 10,000 limiters of a few hundred bytes each are a few MiB at
   * most, and more clients than that within the idle time is a job for an edge proxy.
   */
  public static final int DEFAULT_MAX_KEYS = 10_000;

  /**
   * Default idle time after which a key is forgotten: long enough that a client pausing between
   * bursts keeps its state, short enough that one-off clients do not fill the map.
   */
  public static final Duration DEFAULT_EVICT_IDLE_AFTER = Duration.ofMinutes(10);

  /** Default excluded path prefixes. */
  public static final List<String> DEFAULT_EXCLUDED_PATHS = List.of("/health");

  /** Default rate limiter name. */
  public static final String DEFAULT_NAME = "stability";

  private final int limitForPeriod;
  private final Duration refreshPeriod;
  private final Key key;
  private final int maxKeys;
  private final Duration evictIdleAfter;
  private final List<String> excludedPaths;
  private final String name;

  private RateLimitConfig(Builder builder) {
    this.limitForPeriod = builder.limitForPeriod;
    this.refreshPeriod = builder.refreshPeriod;
    this.key = builder.key;
    this.maxKeys = builder.maxKeys;
    this.evictIdleAfter = builder.evictIdleAfter;
    this.excludedPaths = builder.excludedPaths;
    this.name = builder.name;
  }

  /** Every default. */
  public static RateLimitConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Requests allowed per period and key. */
  public int limitForPeriod() {
    return limitForPeriod;
  }

  /** The period after which the limit is available again. */
  public Duration refreshPeriod() {
    return refreshPeriod;
  }

  /** What the limit is counted by. */
  public Key key() {
    return key;
  }

  /** The most keys tracked at once. */
  public int maxKeys() {
    return maxKeys;
  }

  /** The idle time after which a key is forgotten. */
  public Duration evictIdleAfter() {
    return evictIdleAfter;
  }

  /** Path prefixes never limited (unmodifiable). */
  public List<String> excludedPaths() {
    return excludedPaths;
  }

  /** The rate limiters' name. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "RateLimitConfig{limitForPeriod="
        + limitForPeriod
        + ", refreshPeriod="
        + refreshPeriod
        + ", key="
        + key
        + ", maxKeys="
        + maxKeys
        + ", evictIdleAfter="
        + evictIdleAfter
        + ", excludedPaths="
        + excludedPaths
        + ", name="
        + name
        + '}';
  }

  /**
   * What a rate limit is counted by. A request without the header or principal its key asks for is
   * counted by its client address instead, so that leaving the header out is no way around the
   * limit.
   *
   * <p>{@link #CLIENT_ADDRESS} is {@code getRemoteAddr()}: behind a proxy or load balancer, let the
   * container resolve the client from trusted forwarding headers (Jetty's {@code
   * ForwardedRequestCustomizer}, Tomcat's {@code RemoteIpValve}); this filter does not read {@code
   * X-Forwarded-For} itself, since any client can forge it.
   */
  public static final class Key {

    /** The kinds of key. */
    public enum Kind {
      /** One limit shared by all requests. */
      GLOBAL,
      /** Per client address. */
      CLIENT_ADDRESS,
      /** Per value of a request header (an API key, a tenant id). */
      HEADER,
      /** Per authenticated user name. */
      PRINCIPAL
    }

    /** One limit shared by all requests. */
    public static final Key GLOBAL = new Key(Kind.GLOBAL, null);

    /** Per client address. */
    public static final Key CLIENT_ADDRESS = new Key(Kind.CLIENT_ADDRESS, null);

    /** Per authenticated user name ({@code getUserPrincipal().getName()}). */
    public static final Key PRINCIPAL = new Key(Kind.PRINCIPAL, null);

    private final Kind kind;
    private final String headerName;

    private Key(Kind kind, String headerName) {
      this.kind = kind;
      this.headerName = headerName;
    }

    /**
     * Per value of the request header {@code name}.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid header name
     */
    public static Key header(String name) {
      Objects.requireNonNull(name, "header");
      if (name.isEmpty() || !name.chars().allMatch(Key::isTokenChar)) {
        throw new IllegalArgumentException(
            "key header must be a valid header name: '" + name + "'");
      }
      return new Key(Kind.HEADER, name);
    }

    /** The kind of key. */
    public Kind kind() {
      return kind;
    }

    /** The header name, for {@link Kind#HEADER}. */
    public Optional<String> headerName() {
      return Optional.ofNullable(headerName);
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof Key)) {
        return false;
      }
      Key that = (Key) other;
      // Header names are case-insensitive.
      return kind == that.kind
          && (headerName == null
              ? that.headerName == null
              : headerName.equalsIgnoreCase(that.headerName));
    }

    @Override
    public int hashCode() {
      return Objects.hash(kind, headerName == null ? null : headerName.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return headerName == null ? kind.name() : kind.name() + "(" + headerName + ")";
    }

    private static boolean isTokenChar(int c) {
      return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
  }

  /** Builds {@link RateLimitConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private int limitForPeriod = DEFAULT_LIMIT_FOR_PERIOD;
    private Duration refreshPeriod = DEFAULT_REFRESH_PERIOD;
    private Key key = Key.CLIENT_ADDRESS;
    private int maxKeys = DEFAULT_MAX_KEYS;
    private Duration evictIdleAfter = DEFAULT_EVICT_IDLE_AFTER;
    private List<String> excludedPaths = DEFAULT_EXCLUDED_PATHS;
    private String name = DEFAULT_NAME;

    private Builder() {}

    /**
     * Sets the requests allowed per period and key.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder limitForPeriod(int limitForPeriod) {
      if (limitForPeriod < 1) {
        throw new IllegalArgumentException(
            "limitForPeriod must be at least 1 but was " + limitForPeriod);
      }
      this.limitForPeriod = limitForPeriod;
      return this;
    }

    /**
     * Sets the period after which the limit is available again.
     *
     * @throws IllegalArgumentException if zero or negative
     * @throws NullPointerException if null
     */
    public Builder refreshPeriod(Duration refreshPeriod) {
      this.refreshPeriod = requirePositive(refreshPeriod, "refreshPeriod");
      return this;
    }

    /** Sets what the limit is counted by. */
    public Builder key(Key key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * Sets the most keys tracked at once; the least recently used is forgotten beyond it.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxKeys(int maxKeys) {
      if (maxKeys < 1) {
        throw new IllegalArgumentException("maxKeys must be at least 1 but was " + maxKeys);
      }
      this.maxKeys = maxKeys;
      return this;
    }

    /**
     * Sets the idle time after which a key is forgotten.
     *
     * @throws IllegalArgumentException if zero or negative
     * @throws NullPointerException if null
     */
    public Builder evictIdleAfter(Duration evictIdleAfter) {
      this.evictIdleAfter = requirePositive(evictIdleAfter, "evictIdleAfter");
      return this;
    }

    /**
     * Sets the path prefixes never limited, replacing the defaults; none is allowed.
     *
     * @throws IllegalArgumentException if a prefix does not start with '/'
     */
    public Builder excludedPaths(String... prefixes) {
      return excludedPaths(Arrays.asList(prefixes));
    }

    /**
     * Sets the path prefixes never limited, replacing the defaults; none is allowed.
     *
     * @throws IllegalArgumentException if a prefix does not start with '/'
     */
    public Builder excludedPaths(List<String> prefixes) {
      this.excludedPaths = PathPrefixes.validate("excludedPaths", prefixes);
      return this;
    }

    /**
     * Sets the rate limiters' name.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = name;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException if {@code evictIdleAfter} is shorter than {@code
     *     refreshPeriod}: a key forgotten within its period would come back with a full limit, a
     *     way around it
     */
    public RateLimitConfig build() {
      if (evictIdleAfter.compareTo(refreshPeriod) < 0) {
        throw new IllegalArgumentException(
            "evictIdleAfter ("
                + evictIdleAfter
                + ") must not be shorter than refreshPeriod ("
                + refreshPeriod
                + ")");
      }
      return new RateLimitConfig(this);
    }

    private static Duration requirePositive(Duration value, String setting) {
      Objects.requireNonNull(value, setting);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(setting + " must be positive but was " + value);
      }
      return value;
    }
  }
}
