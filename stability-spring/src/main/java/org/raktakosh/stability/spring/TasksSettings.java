package org.raktakosh.stability.spring;

import org.raktakosh.stability.health.HealthWatchdogConfig;
import org.raktakosh.stability.health.WatchdogCallback;
import org.raktakosh.stability.tasks.BackgroundTasksConfig;

/**
 * Turns {@code stability.tasks.*} and {@code stability.watchdog.*} into the core configurations,
 * failing start-up with the key named when a builder rejects a value.
 */
final class TasksSettings {

  private TasksSettings() {}

  /** The background-tasks configuration for {@code properties}. */
  static BackgroundTasksConfig tasksConfig(StabilityProperties.Tasks properties) {
    String prefix = "stability.tasks.";
    BackgroundTasksConfig.Builder builder = BackgroundTasksConfig.custom();
    PropertyValues.apply(prefix + "threads", properties.getThreads(), builder::threads);
    PropertyValues.apply(prefix + "stop-grace", properties.getStopGrace(), builder::stopGrace);
    return builder.build();
  }

  /** The watchdog configuration for {@code properties}, with the application's callback. */
  static HealthWatchdogConfig watchdogConfig(
      StabilityProperties.Watchdog properties, WatchdogCallback callback) {
    String prefix = "stability.watchdog.";
    HealthWatchdogConfig.Builder builder = HealthWatchdogConfig.custom();
    PropertyValues.apply(prefix + "group", properties.getGroup(), builder::group);
    PropertyValues.apply(prefix + "failures", properties.getFailures(), builder::failureThreshold);
    PropertyValues.apply(prefix + "interval", properties.getInterval(), builder::interval);
    PropertyValues.apply(prefix + "exit-code", properties.getExitCode(), builder::exitCode);
    PropertyValues.apply(
        prefix + "action",
        properties.getAction(),
        action -> builder.exit(action == StabilityProperties.WatchdogAction.EXIT));
    if (callback != null) {
      builder.callback(callback);
    }
    return builder.build();
  }
}
