package org.raktakosh.stability.spring;

import java.util.function.Consumer;
import org.raktakosh.stability.servlet.ConcurrencyLimitConfig;
import org.raktakosh.stability.servlet.RateLimitConfig;
import org.raktakosh.stability.servlet.internal.FilterProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@code stability.concurrency-limit.*} and {@code stability.rate-limit.*} into the filters'
 * configurations, failing start-up with the key named when a builder rejects a value, as the
 * plain-servlet {@code FilterProperties} does for the same keys.
 */
final class LoadSheddingSettings {

  private LoadSheddingSettings() {}

  /** The concurrency-limit configuration for {@code properties}. */
  static ConcurrencyLimitConfig concurrencyLimitConfig(
      StabilityProperties.ConcurrencyLimit properties) {
    String prefix = "stability.concurrency-limit.";
    ConcurrencyLimitConfig.Builder builder = ConcurrencyLimitConfig.custom();
    apply(prefix + "max-concurrent", properties.getMaxConcurrent(), builder::maxConcurrent);
    apply(prefix + "max-wait", properties.getMaxWait(), builder::maxWait);
    apply(prefix + "retry-after", properties.getRetryAfter(), builder::retryAfter);
    apply(prefix + "excluded-paths", properties.getExcludedPaths(), builder::excludedPaths);
    return builder.build();
  }

  /** The rate-limit configuration for {@code properties}. */
  static RateLimitConfig rateLimitConfig(StabilityProperties.RateLimit properties) {
    String prefix = "stability.rate-limit.";
    RateLimitConfig.Builder builder = RateLimitConfig.custom();
    apply(prefix + "limit-for-period", properties.getLimitForPeriod(), builder::limitForPeriod);
    apply(prefix + "refresh-period", properties.getRefreshPeriod(), builder::refreshPeriod);
    apply(
        prefix + "key",
        properties.getKey(),
        key -> builder.key(FilterProperties.rateKey(prefix + "key", String.valueOf(key))));
    apply(prefix + "max-keys", properties.getMaxKeys(), builder::maxKeys);
    apply(prefix + "evict-idle-after", properties.getEvictIdleAfter(), builder::evictIdleAfter);
    apply(prefix + "excluded-paths", properties.getExcludedPaths(), builder::excludedPaths);
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          prefix + "evict-idle-after", properties.getEvictIdleAfter(), e.getMessage());
    }
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
