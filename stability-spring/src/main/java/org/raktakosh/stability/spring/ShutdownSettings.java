package org.raktakosh.stability.spring;

import java.util.function.Consumer;
import org.raktakosh.stability.shutdown.ShutdownConfig;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** Turns {@code stability.shutdown.*} into a {@link ShutdownConfig}, naming a rejected key. */
final class ShutdownSettings {

  private ShutdownSettings() {}

  static ShutdownConfig shutdownConfig(StabilityProperties.Shutdown properties) {
    String prefix = "stability.shutdown.";
    ShutdownConfig.Builder builder = ShutdownConfig.custom();
    apply(prefix + "readiness-delay", properties.getReadinessDelay(), builder::readinessDelay);
    apply(prefix + "grace-period", properties.getGracePeriod(), builder::gracePeriod);
    apply(prefix + "retry-after", properties.getRetryAfter(), builder::retryAfter);
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
