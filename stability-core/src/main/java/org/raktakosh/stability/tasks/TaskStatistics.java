package org.raktakosh.stability.tasks;

import java.time.Duration;
import java.util.Optional;

/**
 * What the runs of one background task have done: counts, the last run's duration and the last
 * failure. Immutable.
 */
public final class TaskStatistics {

  /** Statistics of a task that has not run yet. */
  public static final TaskStatistics EMPTY = new TaskStatistics(0, 0, 0, null, null);

  private final long runs;
  private final long failures;
  private final long timeouts;
  private final Duration lastDuration;
  private final Throwable lastError;

  private TaskStatistics(
      long runs, long failures, long timeouts, Duration lastDuration, Throwable lastError) {
    this.runs = runs;
    this.failures = failures;
    this.timeouts = timeouts;
    this.lastDuration = lastDuration;
    this.lastError = lastError;
  }

  /** These statistics with {@code run} added. */
  public TaskStatistics record(TaskRun run) {
    boolean timedOut = run.failure() instanceof java.util.concurrent.TimeoutException;
    return new TaskStatistics(
        runs + 1,
        run.failed() ? failures + 1 : failures,
        timedOut ? timeouts + 1 : timeouts,
        run.duration(),
        run.failed() ? run.failure() : lastError);
  }

  /** Runs that have ended, failed ones included. */
  public long runs() {
    return runs;
  }

  /** Runs that threw or overran their timeout. */
  public long failures() {
    return failures;
  }

  /** Runs that overran their timeout (also counted in {@link #failures()}). */
  public long timeouts() {
    return timeouts;
  }

  /** How long the last run took, or empty before the first. */
  public Optional<Duration> lastDuration() {
    return Optional.ofNullable(lastDuration);
  }

  /** The last failure (not cleared by later successful runs), or empty if none failed. */
  public Optional<Throwable> lastError() {
    return Optional.ofNullable(lastError);
  }

  @Override
  public String toString() {
    return "TaskStatistics{runs="
        + runs
        + ", failures="
        + failures
        + ", timeouts="
        + timeouts
        + ", lastDuration="
        + lastDuration
        + ", lastError="
        + lastError
        + '}';
  }
}
