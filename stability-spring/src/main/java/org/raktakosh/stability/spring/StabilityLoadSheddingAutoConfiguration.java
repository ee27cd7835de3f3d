package org.raktakosh.stability.spring;

import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.raktakosh.stability.servlet.ConcurrencyLimitConfig;
import org.raktakosh.stability.servlet.ConcurrencyLimitFilter;
import org.raktakosh.stability.servlet.ConcurrencyLimitMetrics;
import org.raktakosh.stability.servlet.RateLimitConfig;
import org.raktakosh.stability.servlet.RateLimitFilter;
import org.raktakosh.stability.servlet.RateLimitMetrics;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of load shedding in a servlet web application, both parts off unless switched
 * on: {@code stability.rate-limit.enabled=true} mounts {@link RateLimitFilter} (429 past the limit
 * of a period) and {@code stability.concurrency-limit.enabled=true} mounts {@link
 * ConcurrencyLimitFilter} (503 above the concurrency limit), just inside the request id so a
 * refusal costs almost nothing and still carries the id. Paths under {@code /health} are never
 * limited by default.
 *
 * <p>With a {@link MeterRegistry} bean, each filter that is on gets its metrics ({@link
 * ConcurrencyLimitMetrics}, {@link RateLimitMetrics}): the refusals counted as {@code
 * stability.requests.rejected} and Resilience4j's own {@code resilience4j.bulkhead.*} and {@code
 * resilience4j.ratelimiter.*} gauges.
 */
@AutoConfiguration(
    afterName =
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "stability.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StabilityProperties.class)
public final class StabilityLoadSheddingAutoConfiguration {

  /** Name of the concurrency-limit filter's registration bean. */
  public static final String CONCURRENCY_LIMIT_FILTER_BEAN = "stabilityConcurrencyLimitFilter";

  /** Name of the rate-limit filter's registration bean. */
  public static final String RATE_LIMIT_FILTER_BEAN = "stabilityRateLimitFilter";

  /** Creates the auto-configuration; Spring calls this. */
  public StabilityLoadSheddingAutoConfiguration() {}

  /** The concurrency limit, when switched on. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty(name = "stability.concurrency-limit.enabled")
  static class ConcurrencyLimitConfiguration {

    /** Settings from {@code stability.concurrency-limit.*}; a bean of the application's wins. */
    @Bean
    @ConditionalOnMissingBean
    ConcurrencyLimitConfig stabilityConcurrencyLimitConfig(StabilityProperties properties) {
      return LoadSheddingSettings.concurrencyLimitConfig(properties.getConcurrencyLimit());
    }

    /** The filter, a bean so that metrics binders can reach its bulkhead. */
    @Bean
    @ConditionalOnMissingBean
    ConcurrencyLimitFilter stabilityConcurrencyLimit(ConcurrencyLimitConfig config) {
      return new ConcurrencyLimitFilter(config);
    }

    /** The filter's registration: REQUEST dispatches, async supported. */
    @Bean(CONCURRENCY_LIMIT_FILTER_BEAN)
    @ConditionalOnMissingBean(name = CONCURRENCY_LIMIT_FILTER_BEAN)
    FilterRegistrationBean<ConcurrencyLimitFilter> stabilityConcurrencyLimitFilter(
        ConcurrencyLimitFilter filter) {
      FilterRegistrationBean<ConcurrencyLimitFilter> registration =
          new FilterRegistrationBean<>(filter);
      registration.setName(StabilityInstaller.CONCURRENCY_LIMIT_FILTER_NAME);
      registration.setOrder(StabilityFilterOrders.CONCURRENCY_LIMIT);
      registration.setDispatcherTypes(DispatcherType.REQUEST);
      registration.setAsyncSupported(true);
      return registration;
    }

    /** Refusals and the bulkhead's gauges, when the application has a meter registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, TaggedBulkheadMetrics.class})
    @ConditionalOnBean(MeterRegistry.class)
    static class ConcurrencyLimitMetricsConfiguration {

      /** As a {@code MeterBinder} bean, Boot binds it to the meter registry. */
      @Bean
      @ConditionalOnMissingBean
      ConcurrencyLimitMetrics stabilityConcurrencyLimitMetrics(ConcurrencyLimitFilter filter) {
        return new ConcurrencyLimitMetrics(filter);
      }
    }
  }

  /** The rate limit, when switched on. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty(name = "stability.rate-limit.enabled")
  static class RateLimitConfiguration {

    /** Settings from {@code stability.rate-limit.*}; a bean of the application's wins. */
    @Bean
    @ConditionalOnMissingBean
    RateLimitConfig stabilityRateLimitConfig(StabilityProperties properties) {
      return LoadSheddingSettings.rateLimitConfig(properties.getRateLimit());
    }

    /** The filter. */
    @Bean
    @ConditionalOnMissingBean
    RateLimitFilter stabilityRateLimit(RateLimitConfig config) {
      return new RateLimitFilter(config);
    }

    /** The filter's registration, just before the concurrency limit: cheaper refusals first. */
    @Bean(RATE_LIMIT_FILTER_BEAN)
    @ConditionalOnMissingBean(name = RATE_LIMIT_FILTER_BEAN)
    FilterRegistrationBean<RateLimitFilter> stabilityRateLimitFilter(RateLimitFilter filter) {
      FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(filter);
      registration.setName(StabilityInstaller.RATE_LIMIT_FILTER_NAME);
      registration.setOrder(StabilityFilterOrders.CONCURRENCY_LIMIT - 1);
      registration.setDispatcherTypes(DispatcherType.REQUEST);
      registration.setAsyncSupported(true);
      return registration;
    }

    /** Refusals, tracked keys and a global limiter's gauges, with a meter registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, TaggedBulkheadMetrics.class})
    @ConditionalOnBean(MeterRegistry.class)
    static class RateLimitMetricsConfiguration {

      /** As a {@code MeterBinder} bean, Boot binds it to the meter registry. */
      @Bean
      @ConditionalOnMissingBean
      RateLimitMetrics stabilityRateLimitMetrics(RateLimitFilter filter) {
        return new RateLimitMetrics(filter);
      }
    }
  }
}
