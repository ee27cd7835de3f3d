package org.raktakosh.stability.spring;

import java.util.function.Consumer;
import org.raktakosh.stability.health.HealthWatchdogConfig;
import org.raktakosh.stability.health.WatchdogCallback;
import org.raktakosh.stability.tasks.BackgroundTasksConfig;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

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
    apply(prefix + "threads", properties.getThreads(), builder::threads);
    apply(prefix + "stop-grace", properties.getStopGrace(), builder::stopGrace);
    return builder.build();
  }

  /** The watchdog configuration for {@code properties}, with the application's callback. */
  static HealthWatchdogConfig watchdogConfig(
      StabilityProperties.Watchdog properties, WatchdogCallback callback) {
    String prefix = "stability.watchdog.";
    HealthWatchdogConfig.Builder builder = HealthWatchdogConfig.custom();
    apply(prefix + "group", properties.getGroup(), builder::group);
    apply(prefix + "failures", properties.getFailures(), builder::failureThreshold);
    apply(prefix + "interval", properties.getInterval(), builder::interval);
    apply(prefix + "exit-code", properties.getExitCode(), builder::exitCode);
    apply(
        prefix + "action",
        properties.getAction(),
        action -> builder.exit(action == StabilityProperties.WatchdogAction.EXIT));
    if (callback != null) {
      builder.callback(callback);
    }
    return builder.build();
  }

  private static <T> void apply(String key, T value, Consumer<T> setter) {
    try {
      setter.accept(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidConfigurationPropertyValueException(
          key, value, String.valueOf(e.getMessage()));
    }
  }
}
