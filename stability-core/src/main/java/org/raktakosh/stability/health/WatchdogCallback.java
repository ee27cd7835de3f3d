package org.raktakosh.stability.health;

/**
 * What the application does when a {@link HealthWatchdog} fires, besides the watchdog's own ERROR
 * log line: alert someone, dump threads, restart a component. It runs on the watchdog's task
 * thread; one that throws is logged and does not stop the watchdog (or its exit, if configured).
 */
@FunctionalInterface
public interface WatchdogCallback {

  /**
   * The watched group has been DOWN for {@code consecutiveFailures} runs in a row.
   *
   * @param group the watched group
   * @param consecutiveFailures failed runs in a row, equal to the configured threshold
   * @param report the report of the last failed run
   */
  void onFire(String group, int consecutiveFailures, HealthReport report);
}
