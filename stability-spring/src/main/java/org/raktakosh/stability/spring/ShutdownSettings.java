package org.raktakosh.stability.spring;

import org.raktakosh.stability.shutdown.ShutdownConfig;

/** Turns {@code stability.shutdown.*} into a {@link ShutdownConfig}, naming a rejected key. */
final class ShutdownSettings {

  private ShutdownSettings() {}

  static ShutdownConfig shutdownConfig(StabilityProperties.Shutdown properties) {
    String prefix = "stability.shutdown.";
    ShutdownConfig.Builder builder = ShutdownConfig.custom();
    PropertyValues.apply(
        prefix + "readiness-delay", properties.getReadinessDelay(), builder::readinessDelay);
    PropertyValues.apply(
        prefix + "grace-period", properties.getGracePeriod(), builder::gracePeriod);
    PropertyValues.apply(prefix + "retry-after", properties.getRetryAfter(), builder::retryAfter);
    return builder.build();
  }
}
