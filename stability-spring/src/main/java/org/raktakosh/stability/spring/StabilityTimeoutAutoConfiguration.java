package org.raktakosh.stability.spring;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.raktakosh.stability.servlet.TimeoutConfig;
import org.raktakosh.stability.servlet.TimeoutFilter;
import org.raktakosh.stability.servlet.TimeoutMetrics;
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
 * Auto-configuration of request timeouts in a servlet web application.
 *
 * <ul>
 *   <li>{@link TimeoutFilter} on every path ({@link StabilityFilterOrders#TIMEOUT}, inside error
 *       recovery), for REQUEST and ASYNC dispatches, configured by a {@link TimeoutConfig} bean
 *       (built from {@code stability.timeout.*} unless the application defines its own); {@code
 *       stability.timeout.enabled=false} removes it;
 *   <li>with Micrometer and a {@link MeterRegistry} bean, {@link TimeoutMetrics}, which Boot binds
 *       to the registry.
 * </ul>
 *
 * <p>A configuration of its own rather than a part of {@link StabilityErrorsAutoConfiguration}: the
 * timeout has its own switch, owns a resource (the timer thread, stopped with the context) and
 * backs off independently; the other filters of the load-shedding work get theirs the same way.
 *
 * <p>Spring MVC async requests ({@code Callable}, {@code DeferredResult}, {@code
 * CompletableFuture}): when the handler returns, the filter lowers the async timeout that Spring
 * set from {@code spring.mvc.async.request-timeout} (or the container's default) to what is left of
 * the request's deadline, never raises it. {@code stability.enabled=false} turns it off.
 */
@AutoConfiguration(
    afterName =
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "stability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "stability.timeout.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StabilityProperties.class)
public final class StabilityTimeoutAutoConfiguration {

  /** Name of the timeout filter's registration bean. */
  public static final String TIMEOUT_FILTER_BEAN = "stabilityTimeoutFilter";

  /** Creates the auto-configuration; Spring calls this. */
  public StabilityTimeoutAutoConfiguration() {}

  /** The filter's settings from {@code stability.timeout.*}; a bean of the application's wins. */
  @Bean
  @ConditionalOnMissingBean
  TimeoutConfig stabilityTimeoutConfig(StabilityProperties properties) {
    return TimeoutSettings.timeoutConfig(properties.getTimeout());
  }

  /**
   * The filter itself, a bean so that its timer thread stops with the context (tests and devtools
   * restarts create many contexts in one JVM) and so that the metrics can read its counters.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  TimeoutFilter stabilityTimeout(TimeoutConfig config) {
    return new TimeoutFilter(config);
  }

  /**
   * {@link TimeoutFilter} for REQUEST and ASYNC dispatches. The filter starts its timer on the
   * REQUEST dispatch only; it sees ASYNC dispatches so that the chain around them stays
   * async-supported. Not for ERROR dispatches: they render an error the request already has.
   */
  @Bean(TIMEOUT_FILTER_BEAN)
  @ConditionalOnMissingBean(name = TIMEOUT_FILTER_BEAN)
  FilterRegistrationBean<TimeoutFilter> stabilityTimeoutFilter(TimeoutFilter filter) {
    FilterRegistrationBean<TimeoutFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setName(StabilityInstaller.TIMEOUT_FILTER_NAME);
    registration.setOrder(StabilityFilterOrders.TIMEOUT);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
    registration.setAsyncSupported(true);
    filter.mountedForAsyncDispatches(); // committed async timeouts are cut off from the start
    return registration;
  }

  /** Timeout counters, when Micrometer is present and the application has a registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnBean(MeterRegistry.class)
  static class TimeoutMetricsConfiguration {

    /** The counters; as a {@code MeterBinder} bean Boot binds them to the meter registry. */
    @Bean
    @ConditionalOnMissingBean
    TimeoutMetrics stabilityTimeoutMetrics(TimeoutFilter filter) {
      return new TimeoutMetrics(filter);
    }
  }
}
