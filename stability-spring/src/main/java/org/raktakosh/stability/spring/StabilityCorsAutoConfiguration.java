package org.raktakosh.stability.spring;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.raktakosh.stability.servlet.CorsConfig;
import org.raktakosh.stability.servlet.CorsFilter;
import org.raktakosh.stability.servlet.CorsMetrics;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * Auto-configuration of CORS in a servlet web application: {@link CorsFilter} at {@link
 * StabilityFilterOrders#CORS} (inside the request id and the trusted-host check, outside shedding,
 * error recovery, Spring Security and Spring MVC), configured by a {@link CorsConfig} bean built
 * from {@code stability.cors.*} unless the application defines its own. The filter is registered
 * only when the configuration allows some origin; {@code stability.cors.enabled=false} removes it.
 * With Micrometer and a {@link MeterRegistry}, {@link CorsMetrics} publishes {@code
 * stability.cors.rejected}.
 */
@AutoConfiguration(
    afterName =
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "stability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "stability.cors.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StabilityProperties.class)
public final class StabilityCorsAutoConfiguration {

  /** Name of the CORS filter's registration bean. */
  public static final String CORS_FILTER_BEAN = "stabilityCorsFilter";

  private static final Logger log = LoggerFactory.getLogger(StabilityCorsAutoConfiguration.class);

  /** Creates the auto-configuration; Spring calls this. */
  public StabilityCorsAutoConfiguration() {}

  /** Settings from {@code stability.cors.*}; a bean of the application's wins. */
  @Bean
  @ConditionalOnMissingBean
  CorsConfig stabilityCorsConfig(StabilityProperties properties) {
    return AccessSettings.corsConfig(properties.getCors());
  }

  /** The filter, a bean so that the metrics can read its counters. */
  @Bean
  @ConditionalOnMissingBean
  CorsFilter stabilityCors(CorsConfig config) {
    return new CorsFilter(config);
  }

  /**
   * The filter's registration for REQUEST and ERROR dispatches (the ERROR dispatch restores headers
   * a container dropped), enabled only when some origin is allowed.
   */
  @Bean(CORS_FILTER_BEAN)
  @ConditionalOnMissingBean(name = CORS_FILTER_BEAN)
  FilterRegistrationBean<CorsFilter> stabilityCorsFilter(CorsFilter filter) {
    FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setName(StabilityInstaller.CORS_FILTER_NAME);
    registration.setOrder(StabilityFilterOrders.CORS);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
    registration.setAsyncSupported(true);
    boolean enabled = filter.config().isEnabled();
    registration.setEnabled(enabled);
    if (enabled) {
      log.info("Stability CORS: {}", filter.config());
    }
    return registration;
  }

  /** Rejection counters, when Micrometer is present and the application has a registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnBean(MeterRegistry.class)
  static class CorsMetricsConfiguration {

    /** The counters; as a {@code MeterBinder} bean Boot binds them to the meter registry. */
    @Bean
    @ConditionalOnMissingBean
    CorsMetrics stabilityCorsMetrics(CorsFilter filter) {
      return new CorsMetrics(filter);
    }
  }
}
