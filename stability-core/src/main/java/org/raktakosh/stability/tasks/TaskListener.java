package org.raktakosh.stability.tasks;

/**
 * Receives the events of {@link BackgroundTasks}. Every method has an empty default. Listeners run
 * on the thread that caused the event (a task thread for runs); they must be quick, and one that
 * throws is logged and does not disturb the tasks.
 */
public interface TaskListener {

  /** A task was scheduled. */
  default void onScheduled(String task) {}

  /** A run of a task ended. */
  default void onRun(TaskRun run) {}

  /** A task ended: cancelled, run once, ended by an error, or stopped. */
  default void onRemoved(String task) {}
}
