package org.raktakosh.stability.spring;

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
    PropertyValues.apply(
        prefix + "max-concurrent", properties.getMaxConcurrent(), builder::maxConcurrent);
    PropertyValues.apply(prefix + "max-wait", properties.getMaxWait(), builder::maxWait);
    PropertyValues.apply(prefix + "retry-after", properties.getRetryAfter(), builder::retryAfter);
    PropertyValues.apply(
        prefix + "excluded-paths", properties.getExcludedPaths(), builder::excludedPaths);
    return builder.build();
  }

  /** The rate-limit configuration for {@code properties}. */
  static RateLimitConfig rateLimitConfig(StabilityProperties.RateLimit properties) {
    String prefix = "stability.rate-limit.";
    RateLimitConfig.Builder builder = RateLimitConfig.custom();
    PropertyValues.apply(
        prefix + "limit-for-period", properties.getLimitForPeriod(), builder::limitForPeriod);
    PropertyValues.apply(
        prefix + "refresh-period", properties.getRefreshPeriod(), builder::refreshPeriod);
    PropertyValues.apply(
        prefix + "key",
        properties.getKey(),
        key -> builder.key(FilterProperties.rateKey(prefix + "key", String.valueOf(key))));
    PropertyValues.apply(prefix + "max-keys", properties.getMaxKeys(), builder::maxKeys);
    PropertyValues.apply(
        prefix + "evict-idle-after", properties.getEvictIdleAfter(), builder::evictIdleAfter);
    PropertyValues.apply(
        prefix + "excluded-paths", properties.getExcludedPaths(), builder::excludedPaths);
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          prefix + "evict-idle-after", properties.getEvictIdleAfter(), e.getMessage());
    }
  }
}
