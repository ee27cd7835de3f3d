package org.raktakosh.stability.tasks;

/** A task handed to {@link BackgroundTasks}: its name, its statistics, and a way to cancel it. */
public interface ScheduledTask {

  /** The task's name, unique among live tasks. */
  String name();

  /** What its runs have done so far. */
  TaskStatistics statistics();

  /**
   * Cancels further runs and frees the name; a run in progress finishes undisturbed.
   *
   * @return false if the task had already ended (run once, cancelled or stopped)
   */
  boolean cancel();

  /** Whether no further run will start: cancelled, stopped, or a one-shot task that has run. */
  boolean isDone();
}
