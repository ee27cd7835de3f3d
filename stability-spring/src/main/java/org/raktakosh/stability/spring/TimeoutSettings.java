package org.raktakosh.stability.spring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.raktakosh.stability.servlet.TimeoutConfig;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@code stability.timeout.*} into a {@link TimeoutConfig}, failing start-up with the key
 * named when the builder rejects a value, as the plain-servlet {@code FilterProperties} does for
 * the same keys. Boot has already bound the values (a duration that does not parse fails there);
 * what is left is what only the builder knows: the allowed statuses, negative durations, a zero
 * stuck threshold and patterns that do not start with '/'.
 */
final class TimeoutSettings {

  private static final String PREFIX = "stability.timeout.";

  private TimeoutSettings() {}

  /**
   * The timeout configuration for {@code properties}.
   *
   * @throws InvalidConfigurationPropertyValueException naming the first key whose value the builder
   *     rejects
   */
  static TimeoutConfig timeoutConfig(StabilityProperties.Timeout properties) {
    TimeoutConfig.Builder builder = TimeoutConfig.custom();
    PropertyValues.apply(PREFIX + "duration", properties.getDuration(), builder::duration);
    PropertyValues.apply(PREFIX + "status", properties.getStatus(), builder::status);
    builder.interruptWorker(properties.isInterrupt());
    PropertyValues.apply(PREFIX + "retry-after", properties.getRetryAfter(), builder::retryAfter);
    PropertyValues.apply(PREFIX + "stuck-after", properties.getStuckAfter(), builder::stuckAfter);
    for (Map.Entry<String, Duration> path : properties.getPaths().entrySet()) {
      String pattern = path.getKey();
      Duration duration = path.getValue();
      // The bracket form is how Boot names a map entry whose key holds '/' or '*'.
      PropertyValues.apply(
          PREFIX + "paths[" + pattern + "]", duration, d -> builder.override(pattern, d));
    }
    List<String> excluded = properties.getExcludedPaths();
    for (int i = 0; i < excluded.size(); i++) {
      String pattern = excluded.get(i);
      PropertyValues.apply(
          PREFIX + "excluded-paths[" + i + "]",
          pattern,
          p -> builder.exclude(p == null ? null : p.trim()));
    }
    builder.excludeEventStreams(properties.isExcludeEventStreams());
    builder.excludeUpgrades(properties.isExcludeUpgrades());
    return builder.build();
  }
}
