package org.raktakosh.stability.spring;

import jakarta.servlet.DispatcherType;
import org.raktakosh.stability.servlet.ConcurrencyLimitConfig;
import org.raktakosh.stability.servlet.ConcurrencyLimitFilter;
import org.raktakosh.stability.servlet.RateLimitConfig;
import org.raktakosh.stability.servlet.RateLimitFilter;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
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
 */
@AutoConfiguration
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
  }
}
