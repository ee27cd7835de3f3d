package org.raktakosh.stability.tasks;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.raktakosh.stability.internal.tasks.DefaultBackgroundTasks;

/**
 * Named periodic and one-shot tasks on a managed scheduler with a bounded number of threads.
 *
 * <p>Unlike a bare {@link java.util.concurrent.ScheduledExecutorService}, which silently cancels a
 * periodic task the first time it throws, a run that throws is logged with the task's name and
 * counted, and the schedule goes on. A run may have a timeout: when it passes, the run is
 * interrupted and counted as a failure. {@link #stop(Duration)} lets running tasks finish within a
 * grace period, then interrupts those that overrun.
 *
 * <p>Each name is used by at most one live task: a one-shot task frees its name when it has run, a
 * periodic task when it is cancelled. An {@link Error} thrown by a run is logged, counted and ends
 * that task's schedule, since the JVM may be in no state to go on. All methods are thread-safe.
 *
 * <pre>{@code
 * BackgroundTasks tasks = BackgroundTasks.ofDefaults();
 * tasks.atFixedRate("purge-sessions", Duration.ofMinutes(5), sessions::purgeExpired);
 * tasks.withFixedDelay("sync-donors", Duration.ofSeconds(30),
 *     TaskOptions.custom().timeout(Duration.ofSeconds(10)).build(), donors::sync);
 * ...
 * tasks.stop(Duration.ofSeconds(5)); // on shutdown
 * }</pre>
 */
public interface BackgroundTasks extends AutoCloseable {

  /** Background tasks with {@code config}. */
  static BackgroundTasks of(BackgroundTasksConfig config) {
    return new DefaultBackgroundTasks(config);
  }

  /** Background tasks with {@link BackgroundTasksConfig#ofDefaults()}. */
  static BackgroundTasks ofDefaults() {
    return of(BackgroundTasksConfig.ofDefaults());
  }

  /**
   * Runs {@code task} every {@code period}, the first run at once. Runs of one task never overlap:
   * a run that takes longer than the period delays the next one.
   *
   * @throws IllegalArgumentException if the name is blank or taken, or the period is not positive
   * @throws IllegalStateException if these tasks are stopped
   */
  default ScheduledTask atFixedRate(String name, Duration period, Runnable task) {
    return atFixedRate(name, period, TaskOptions.ofDefaults(), task);
  }

  /**
   * Runs {@code task} every {@code period} after {@link TaskOptions#initialDelay()}, with the
   * options' timeout per run. Runs of one task never overlap.
   *
   * @throws IllegalArgumentException if the name is blank or taken, or the period is not positive
   * @throws IllegalStateException if these tasks are stopped
   */
  ScheduledTask atFixedRate(String name, Duration period, TaskOptions options, Runnable task);

  /**
   * Runs {@code task} at once, then again {@code delay} after each run ends.
   *
   * @throws IllegalArgumentException if the name is blank or taken, or the delay is not positive
   * @throws IllegalStateException if these tasks are stopped
   */
  default ScheduledTask withFixedDelay(String name, Duration delay, Runnable task) {
    return withFixedDelay(name, delay, TaskOptions.ofDefaults(), task);
  }

  /**
   * Runs {@code task} after {@link TaskOptions#initialDelay()}, then again {@code delay} after each
   * run ends, with the options' timeout per run.
   *
   * @throws IllegalArgumentException if the name is blank or taken, or the delay is not positive
   * @throws IllegalStateException if these tasks are stopped
   */
  ScheduledTask withFixedDelay(String name, Duration delay, TaskOptions options, Runnable task);

  /**
   * Runs {@code task} once, as soon as a thread is free.
   *
   * @throws IllegalArgumentException if the name is blank or taken
   * @throws IllegalStateException if these tasks are stopped
   */
  default ScheduledTask once(String name, Runnable task) {
    return once(name, TaskOptions.ofDefaults(), task);
  }

  /**
   * Runs {@code task} once after {@link TaskOptions#initialDelay()}, with the options' timeout.
   *
   * @throws IllegalArgumentException if the name is blank or taken
   * @throws IllegalStateException if these tasks are stopped
   */
  ScheduledTask once(String name, TaskOptions options, Runnable task);

  /** The live task named {@code name}, or empty. */
  Optional<ScheduledTask> find(String name);

  /** Names of the live tasks, in name order. */
  Set<String> names();

  /** Adds a listener; it also receives {@code onScheduled} for the tasks already live. */
  void addListener(TaskListener listener);

  /** Removes a listener added before. */
  void removeListener(TaskListener listener);

  /**
   * Stops: no run starts any more, runs in progress may finish within {@code grace}, then those
   * still running are interrupted (and logged by name); waits at most a further second for them to
   * end, so a task that ignores interrupts cannot hang shutdown. Idempotent: a later call (also a
   * concurrent one) waits for the first to finish and returns its result.
   *
   * @param grace how long running tasks may take to finish
   * @return true if every running task finished within the grace period
   */
  boolean stop(Duration grace);

  /** Whether {@link #stop(Duration)} has begun. */
  boolean isStopped();

  /** {@link #stop(Duration)} with {@link BackgroundTasksConfig#stopGrace()}. */
  @Override
  void close();
}
