package org.raktakosh.stability.tasks;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link BackgroundTasks}: how many threads run tasks, what the threads are called, and
 * how long {@link BackgroundTasks#close()} lets running tasks finish. Immutable; build with {@link
 * #custom()}.
 */
public final class BackgroundTasksConfig {

  /** Default number of threads that run tasks. */
  public static final int DEFAULT_THREADS = 2;

  /** Default prefix of the task threads' names. */
  public static final String DEFAULT_THREAD_NAME_PREFIX = "stability-task-";

  /** Default time that {@link BackgroundTasks#close()} lets running tasks finish. */
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);

  private final int threads;
  private final String threadNamePrefix;
  private final Duration stopGrace;

  private BackgroundTasksConfig(Builder builder) {
    this.threads = builder.threads;
    this.threadNamePrefix = builder.threadNamePrefix;
    this.stopGrace = builder.stopGrace;
  }

  /** Every default: 2 threads named {@code stability-task-<n>}, a 5 s stop grace. */
  public static BackgroundTasksConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * Number of threads that run tasks: at most this many runs at the same time, others wait for a
   * thread.
   */
  public int threads() {
    return threads;
  }

  /** Prefix of the task threads' names, followed by a number. */
  public String threadNamePrefix() {
    return threadNamePrefix;
  }

  /** How long {@link BackgroundTasks#close()} lets running tasks finish before interrupting. */
  public Duration stopGrace() {
    return stopGrace;
  }

  /** Builds {@link BackgroundTasksConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private int threads = DEFAULT_THREADS;
    private String threadNamePrefix = DEFAULT_THREAD_NAME_PREFIX;
    private Duration stopGrace = DEFAULT_STOP_GRACE;

    private Builder() {}

    /**
     * Sets the number of threads that run tasks.
     *
     * @throws IllegalArgumentException if {@code threads} is less than 1
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1: " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Sets the prefix of the task threads' names.
     *
     * @throws IllegalArgumentException if {@code prefix} is blank
     */
    public Builder threadNamePrefix(String prefix) {
      Objects.requireNonNull(prefix, "threadNamePrefix");
      if (prefix.isBlank()) {
        throw new IllegalArgumentException("threadNamePrefix must not be blank");
      }
      this.threadNamePrefix = prefix;
      return this;
    }

    /**
     * Sets how long {@link BackgroundTasks#close()} lets running tasks finish.
     *
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public Builder stopGrace(Duration grace) {
      Objects.requireNonNull(grace, "stopGrace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("stopGrace must not be negative: " + grace);
      }
      this.stopGrace = grace;
      return this;
    }

    /** The configuration. */
    public BackgroundTasksConfig build() {
      return new BackgroundTasksConfig(this);
    }
  }
}
