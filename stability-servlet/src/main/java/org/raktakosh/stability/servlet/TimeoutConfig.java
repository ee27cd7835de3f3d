package org.raktakosh.stability.servlet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.raktakosh.stability.servlet.internal.PathPatterns;

/**
 * Settings of {@link TimeoutFilter}. Immutable; build with {@link #custom()}.
 *
 * <p>The timeout of a request is the first matching per-path override, else {@link #duration()};
 * zero means no timeout. Excluded paths, server-sent event requests ({@code Accept:
 * text/event-stream}) and WebSocket upgrades are never timed by default, since they are meant to
 * stay open.
 */
public final class TimeoutConfig {

  /** Default request timeout: the seed's 30 s. */
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);

  /** Default time after its timeout when a request that ignored its interrupt counts as stuck. */
  public static final Duration DEFAULT_STUCK_AFTER = Duration.ofSeconds(10);

  private final Duration duration;
  private final int status;
  private final boolean interruptWorker;
  private final Duration retryAfter;
  private final Duration stuckAfter;
  private final Map<String, Duration> overrides;
  private final List<String> excludedPaths;
  private final boolean excludeEventStreams;
  private final boolean excludeUpgrades;
  private final List<Map.Entry<Pattern, Duration>> compiledOverrides;
  private final List<Pattern> compiledExclusions;

  private TimeoutConfig(Builder builder) {
    this.duration = builder.duration;
    this.status = builder.status;
    this.interruptWorker = builder.interruptWorker;
    this.retryAfter = builder.retryAfter;
    this.stuckAfter = builder.stuckAfter;
    this.overrides = Collections.unmodifiableMap(new LinkedHashMap<>(builder.overrides));
    this.excludedPaths = List.copyOf(builder.excludedPaths);
    this.excludeEventStreams = builder.excludeEventStreams;
    this.excludeUpgrades = builder.excludeUpgrades;
    List<Map.Entry<Pattern, Duration>> compiled = new ArrayList<>();
    overrides.forEach((pattern, d) -> compiled.add(Map.entry(PathPatterns.compile(pattern), d)));
    this.compiledOverrides = List.copyOf(compiled);
    List<Pattern> exclusions = new ArrayList<>();
    excludedPaths.forEach(p -> exclusions.add(PathPatterns.compile(p)));
    this.compiledExclusions = List.copyOf(exclusions);
  }

  /** Every default: 30 s, 503, interrupt on, no Retry-After, stuck after 10 s more. */
  public static TimeoutConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** The timeout of requests no override matches; zero means none. */
  public Duration duration() {
    return duration;
  }

  /** The status of the timeout answer: 503 (default) or 504. */
  public int status() {
    return status;
  }

  /** Whether the worker thread is interrupted at the deadline. */
  public boolean interruptWorker() {
    return interruptWorker;
  }

  /** The {@code Retry-After} of the timeout answer, if any. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** How long after its deadline a request still running counts as stuck. */
  public Duration stuckAfter() {
    return stuckAfter;
  }

  /** Per-path timeouts by Ant-style pattern, first match wins (unmodifiable). */
  public Map<String, Duration> overrides() {
    return overrides;
  }

  /** Ant-style patterns of paths never timed. */
  public List<String> excludedPaths() {
    return excludedPaths;
  }

  /** Whether requests accepting {@code text/event-stream} are never timed. */
  public boolean excludeEventStreams() {
    return excludeEventStreams;
  }

  /** Whether WebSocket upgrade requests ({@code Upgrade: websocket}) are never timed. */
  public boolean excludeUpgrades() {
    return excludeUpgrades;
  }

  /**
   * The timeout for a request to {@code path} (within the application): zero when excluded or
   * disabled.
   */
  public Duration timeoutFor(String path) {
    for (Pattern exclusion : compiledExclusions) {
      if (exclusion.matcher(path).matches()) {
        return Duration.ZERO;
      }
    }
    for (Map.Entry<Pattern, Duration> override : compiledOverrides) {
      if (override.getKey().matcher(path).matches()) {
        return override.getValue();
      }
    }
    return duration;
  }

  /** Builds {@link TimeoutConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private Duration duration = DEFAULT_DURATION;
    private int status = 503;
    private boolean interruptWorker = true;
    private Duration retryAfter;
    private Duration stuckAfter = DEFAULT_STUCK_AFTER;
    private final Map<String, Duration> overrides = new LinkedHashMap<>();
    private final List<String> excludedPaths = new ArrayList<>();
    private boolean excludeEventStreams = true;
    private boolean excludeUpgrades = true;

    private Builder() {}

    /**
     * Sets the timeout; zero disables it.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder duration(Duration duration) {
      this.duration = requireNotNegative(duration, "duration");
      return this;
    }

    /**
     * Sets the status of the timeout answer.
     *
     * @throws IllegalArgumentException unless 503 or 504
     */
    public Builder status(int status) {
      if (status != 503 && status != 504) {
        throw new IllegalArgumentException("status must be 503 or 504: " + status);
      }
      this.status = status;
      return this;
    }

    /** Sets whether the worker is interrupted at the deadline. */
    public Builder interruptWorker(boolean interruptWorker) {
      this.interruptWorker = interruptWorker;
      return this;
    }

    /**
     * Sets the {@code Retry-After} of the timeout answer; null for none.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter == null ? null : requireNotNegative(retryAfter, "retryAfter");
      return this;
    }

    /**
     * Sets how long after its deadline a still-running request counts as stuck.
     *
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder stuckAfter(Duration stuckAfter) {
      requireNotNegative(stuckAfter, "stuckAfter");
      if (stuckAfter.isZero()) {
        throw new IllegalArgumentException("stuckAfter must be positive");
      }
      this.stuckAfter = stuckAfter;
      return this;
    }

    /**
     * Sets the timeout of paths matching an Ant-style pattern; zero means none.
     *
     * @throws IllegalArgumentException if the pattern does not start with '/' or the duration is
     *     negative
     */
    public Builder override(String pattern, Duration duration) {
      PathPatterns.compile(pattern);
      overrides.put(pattern, requireNotNegative(duration, "override " + pattern));
      return this;
    }

    /**
     * Never times paths matching an Ant-style pattern.
     *
     * @throws IllegalArgumentException if the pattern does not start with '/'
     */
    public Builder exclude(String pattern) {
      PathPatterns.compile(pattern);
      excludedPaths.add(pattern);
      return this;
    }

    /** Sets whether server-sent event requests are excluded (default true). */
    public Builder excludeEventStreams(boolean exclude) {
      this.excludeEventStreams = exclude;
      return this;
    }

    /** Sets whether WebSocket upgrade requests are excluded (default true). */
    public Builder excludeUpgrades(boolean exclude) {
      this.excludeUpgrades = exclude;
      return this;
    }

    /** The configuration. */
    public TimeoutConfig build() {
      return new TimeoutConfig(this);
    }

    private static Duration requireNotNegative(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + value);
      }
      return value;
    }
  }
}
