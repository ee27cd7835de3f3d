package org.raktakosh.stability.tasks;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One finished run of a background task, as {@link TaskListener#onRun(TaskRun)} hears it.
 *
 * @param task the task's name
 * @param duration how long the run took
 * @param failure what the run threw, a {@link java.util.concurrent.TimeoutException} if it overran
 *     its timeout, or null if it succeeded
 */
public record TaskRun(String task, Duration duration, Throwable failure) {

  /** Checks the components. */
  public TaskRun {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(duration, "duration");
  }

  /** Whether the run failed (threw or overran its timeout). */
  public boolean failed() {
    return failure != null;
  }

  /** What the run threw, if it failed. */
  public Optional<Throwable> error() {
    return Optional.ofNullable(failure);
  }
}
