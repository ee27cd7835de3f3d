package org.raktakosh.stability.spring;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.raktakosh.stability.servlet.GzipConfig;
import org.raktakosh.stability.servlet.GzipFilter;
import org.raktakosh.stability.servlet.GzipMetrics;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
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
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of gzip in a servlet web application.
 *
 * <ul>
 *   <li>{@link GzipFilter} on every path ({@link StabilityFilterOrders#GZIP}, innermost, inside the
 *       timeout) for REQUEST and ASYNC dispatches, configured by a {@link GzipConfig} bean (built
 *       from {@code stability.gzip.*} unless the application defines its own); {@code
 *       stability.gzip.enabled=false} removes it;
 *   <li>with Micrometer and a {@link MeterRegistry} bean, {@link GzipMetrics}.
 * </ul>
 *
 * <p>On by default: it compresses only what the client asks for and what helps, never ranges,
 * {@code no-transform} or event streams, and keeps ETags and 304s right. It replaces Boot's {@code
 * server.compression}; with both on, the container would find {@code Content-Encoding} already set
 * and leave the body alone, so nothing breaks, but two sets of settings are confusing: a WARN at
 * start-up says so.
 */
@AutoConfiguration(
    afterName =
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "stability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "stability.gzip.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StabilityProperties.class)
public final class StabilityGzipAutoConfiguration {

  /** Name of the gzip filter's registration bean. */
  public static final String GZIP_FILTER_BEAN = "stabilityGzipFilter";

  private static final Logger log = LoggerFactory.getLogger(StabilityGzipAutoConfiguration.class);

  /** Creates the auto-configuration; Spring calls this. */
  public StabilityGzipAutoConfiguration() {}

  /** The filter's settings from {@code stability.gzip.*}; a bean of the application's wins. */
  @Bean
  @ConditionalOnMissingBean
  GzipConfig stabilityGzipConfig(StabilityProperties properties) {
    return GzipSettings.gzipConfig(properties.getGzip());
  }

  /** The filter, a bean so that its pooled deflaters are ended with the context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  GzipFilter stabilityGzip(GzipConfig config) {
    return new GzipFilter(config);
  }

  /**
   * {@link GzipFilter} for REQUEST and ASYNC dispatches: an ASYNC dispatch continues the response
   * its REQUEST dispatch started compressing. Not for ERROR dispatches: the container writes the
   * error page on a response the filter has already handed back.
   */
  @Bean(GZIP_FILTER_BEAN)
  @ConditionalOnMissingBean(name = GZIP_FILTER_BEAN)
  FilterRegistrationBean<GzipFilter> stabilityGzipFilter(GzipFilter filter) {
    FilterRegistrationBean<GzipFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setName(StabilityInstaller.GZIP_FILTER_NAME);
    registration.setOrder(StabilityFilterOrders.GZIP);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
    registration.setAsyncSupported(true);
    return registration;
  }

  /** Warns once at start-up when Boot's own compression is on as well. */
  @Bean
  static SmartInitializingSingleton stabilityGzipCompressionCheck(Environment environment) {
    return () -> {
      if (environment.getProperty("server.compression.enabled", Boolean.class, false)) {
        log.warn(
            "Both server.compression.enabled=true and stability.gzip are on; Stability's gzip"
                + " filter replaces Boot's compression (the container leaves bodies that already"
                + " have a Content-Encoding alone). Set server.compression.enabled=false, or"
                + " stability.gzip.enabled=false to keep Boot's.");
      }
    };
  }

  /** Gzip counters, when Micrometer is present and the application has a registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnBean(MeterRegistry.class)
  static class GzipMetricsConfiguration {

    /** The counters; as a {@code MeterBinder} bean Boot binds them to the meter registry. */
    @Bean
    @ConditionalOnMissingBean
    GzipMetrics stabilityGzipMetrics(GzipFilter filter) {
      return new GzipMetrics(filter);
    }
  }
}
