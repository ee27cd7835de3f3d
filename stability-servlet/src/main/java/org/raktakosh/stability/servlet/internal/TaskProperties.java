package org.raktakosh.stability.servlet.internal;

import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import org.raktakosh.stability.health.HealthWatchdogConfig;
import org.raktakosh.stability.health.WatchdogCallback;
import org.raktakosh.stability.internal.config.Durations;
import org.raktakosh.stability.tasks.BackgroundTasksConfig;

/**
 * Reads the {@code stability.tasks.*} and {@code stability.watchdog.*} keys of a {@link
 * Properties}, the same keys the Spring starter binds. Every value is checked at start-up and a bad
 * or unknown one fails naming its key.
 */
public final class TaskProperties {

  private static final String TASKS = "stability.tasks.";
  private static final String WATCHDOG = "stability.watchdog.";

  private final BackgroundTasksConfig tasksConfig;
  private final boolean watchdogEnabled;
  private final HealthWatchdogConfig.Builder watchdog = HealthWatchdogConfig.custom();

  private TaskProperties(Properties properties) {
    boolean master = Values.bool(properties, "stability.enabled", true);
    BackgroundTasksConfig.Builder tasks = BackgroundTasksConfig.custom();
    boolean watchdogOn = true;
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      String value = properties.getProperty(key).trim();
      try {
        if (key.startsWith(TASKS)) {
          applyTasks(key, value, tasks);
        } else if (key.startsWith(WATCHDOG)) {
          if (key.equals(WATCHDOG + "enabled")) {
            watchdogOn = Values.bool(key, value);
          } else {
            applyWatchdog(key, value);
          }
        }
      } catch (IllegalArgumentException e) {
        throw Values.naming(key, e);
      }
    }
    this.tasksConfig = tasks.build();
    this.watchdogEnabled = master && watchdogOn;
  }

  /**
   * Reads {@code properties}.
   *
   * @throws IllegalArgumentException naming the key of the first bad or unknown value
   */
  public static TaskProperties parse(Properties properties) {
    return new TaskProperties(properties);
  }

  private static void applyTasks(String key, String value, BackgroundTasksConfig.Builder tasks) {
    switch (key.substring(TASKS.length())) {
      case "threads":
        tasks.threads(Values.integer(key, value));
        return;
      case "stop-grace":
        tasks.stopGrace(Durations.parse(key, value));
        return;
      default:
        throw Values.unknown(key);
    }
  }

  private void applyWatchdog(String key, String value) {
    switch (key.substring(WATCHDOG.length())) {
      case "group":
        watchdog.group(value);
        return;
      case "failures":
        watchdog.failureThreshold(Values.integer(key, value));
        return;
      case "interval":
        watchdog.interval(Durations.parse(key, value));
        return;
      case "exit-code":
        watchdog.exitCode(Values.integer(key, value));
        return;
      case "action":
        switch (value.toLowerCase(Locale.ROOT)) {
          case "log":
            watchdog.exit(false);
            return;
          case "exit":
            watchdog.exit(true);
            return;
          default:
            throw new IllegalArgumentException(
                key + " must be log or exit but was '" + value + "'");
        }
      default:
        throw Values.unknown(key);
    }
  }

  /** The background-tasks settings. */
  public BackgroundTasksConfig tasksConfig() {
    return tasksConfig;
  }

  /** Whether the watchdog is on ({@code stability.enabled} and {@code .watchdog.enabled}). */
  public boolean watchdogEnabled() {
    return watchdogEnabled;
  }

  /** The watchdog settings, with {@code callback} if it is not null. */
  public HealthWatchdogConfig watchdogConfig(WatchdogCallback callback) {
    if (callback != null) {
      watchdog.callback(callback);
    }
    return watchdog.build();
  }
}
