package org.raktakosh.stability.servlet;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.raktakosh.stability.servlet.internal.PathPrefixes;

/**
 * Settings of {@link ConcurrencyLimitFilter}. Immutable; build with {@link #custom()}.
 *
 * <ul>
 *   <li>{@code maxConcurrent} (default {@value #DEFAULT_MAX_CONCURRENT}): requests in progress at
 *       once, async requests included until their async cycle ends.
 *   <li>{@code maxWait} (default zero): how long a request over the limit waits for a permit before
 *       it is refused; zero refuses at once, which is what load shedding wants (a waiting request
 *       still holds a container thread).
 *   <li>{@code retryAfter} (default 1 s): the {@code Retry-After} of the 503, in whole seconds, at
 *       least 1.
 *   <li>{@code excludedPaths} (default {@code /health}): path prefixes never limited, so probes
 *       answer under overload.
 *   <li>{@code name} (default {@value #DEFAULT_NAME}): the Resilience4j bulkhead's name, the {@code
 *       name} tag of its metrics.
 * </ul>
 */
public final class ConcurrencyLimitConfig {

  /**
   * Default limit: 200, the default worker pool of both Tomcat ({@code maxThreads}) and Jetty
   * ({@code QueuedThreadPool}). Turning the filter on therefore refuses nothing a default container
   * would have run on its threads, while bounding async requests, which give their thread back and
   * are otherwise unbounded. To keep probes answering under overload, set it below the pool size.
   */
  public static final int DEFAULT_MAX_CONCURRENT = 200;

  /** Default time a request waits for a permit: none. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ZERO;

  /** Default {@code Retry-After}. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  /** Default excluded path prefixes. */
  public static final List<String> DEFAULT_EXCLUDED_PATHS = List.of("/health");

  /** Default bulkhead name. */
  public static final String DEFAULT_NAME = "stability";

  private final int maxConcurrent;
  private final Duration maxWait;
  private final Duration retryAfter;
  private final List<String> excludedPaths;
  private final String name;

  private ConcurrencyLimitConfig(Builder builder) {
    this.maxConcurrent = builder.maxConcurrent;
    this.maxWait = builder.maxWait;
    this.retryAfter = builder.retryAfter;
    this.excludedPaths = builder.excludedPaths;
    this.name = builder.name;
  }

  /** Every default. */
  public static ConcurrencyLimitConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Requests allowed in progress at once. */
  public int maxConcurrent() {
    return maxConcurrent;
  }

  /** How long a request over the limit waits for a permit; zero means not at all. */
  public Duration maxWait() {
    return maxWait;
  }

  /** The {@code Retry-After} sent with a refusal. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Path prefixes never limited (unmodifiable). */
  public List<String> excludedPaths() {
    return excludedPaths;
  }

  /** The bulkhead's name. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "ConcurrencyLimitConfig{maxConcurrent="
        + maxConcurrent
        + ", maxWait="
        + maxWait
        + ", retryAfter="
        + retryAfter
        + ", excludedPaths="
        + excludedPaths
        + ", name="
        + name
        + '}';
  }

  /** Builds {@link ConcurrencyLimitConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private int maxConcurrent = DEFAULT_MAX_CONCURRENT;
    private Duration maxWait = DEFAULT_MAX_WAIT;
    private Duration retryAfter = DEFAULT_RETRY_AFTER;
    private List<String> excludedPaths = DEFAULT_EXCLUDED_PATHS;
    private String name = DEFAULT_NAME;

    private Builder() {}

    /**
     * Sets the number of requests allowed in progress at once.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxConcurrent(int maxConcurrent) {
      if (maxConcurrent < 1) {
        throw new IllegalArgumentException(
            "maxConcurrent must be at least 1 but was " + maxConcurrent);
      }
      this.maxConcurrent = maxConcurrent;
      return this;
    }

    /**
     * Sets how long a request over the limit waits for a permit (millisecond precision, as the
     * bulkhead's semaphore has).
     *
     * @throws IllegalArgumentException if negative
     * @throws NullPointerException if null
     */
    public Builder maxWait(Duration maxWait) {
      this.maxWait = requireNotNegative(maxWait, "maxWait");
      return this;
    }

    /**
     * Sets the {@code Retry-After} of a refusal; sent rounded up to whole seconds, at least 1.
     *
     * @throws IllegalArgumentException if negative
     * @throws NullPointerException if null
     */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = requireNotNegative(retryAfter, "retryAfter");
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
     * Sets the bulkhead's name.
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

    /** The configuration. */
    public ConcurrencyLimitConfig build() {
      return new ConcurrencyLimitConfig(this);
    }

    private static Duration requireNotNegative(Duration value, String setting) {
      Objects.requireNonNull(value, setting);
      if (value.isNegative()) {
        throw new IllegalArgumentException(setting + " must not be negative but was " + value);
      }
      return value;
    }
  }
}
