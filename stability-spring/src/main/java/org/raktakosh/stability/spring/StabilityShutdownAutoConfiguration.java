package org.raktakosh.stability.spring;

import jakarta.servlet.DispatcherType;
import org.raktakosh.stability.servlet.ShutdownGateFilter;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.raktakosh.stability.servlet.internal.StateGates;
import org.raktakosh.stability.shutdown.GracefulShutdown;
import org.raktakosh.stability.shutdown.ShutdownConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the graceful shutdown in a servlet web application, on unless {@code
 * stability.shutdown.enabled=false}:
 *
 * <ul>
 *   <li>a {@link GracefulShutdown} configured by {@code stability.shutdown.*};
 *   <li>its readiness check, registered as {@value StabilityInstaller#SHUTDOWN_CHECK_NAME} (a
 *       readiness gate: {@code /health/ready} answers 503 from the first moment of the shutdown,
 *       liveness is untouched);
 *   <li>{@link ShutdownGateFilter} at {@link StabilityFilterOrders#SHUTDOWN_GATE};
 *   <li>{@link StabilityShutdownLifecycle}, which runs the sequence when the context closes, before
 *       Boot's own graceful shutdown of the web server ({@code server.shutdown=graceful}, Boot's
 *       default), which then finds nothing left to wait for.
 * </ul>
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "stability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "stability.shutdown.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StabilityProperties.class)
public final class StabilityShutdownAutoConfiguration {

  /** Name of the shutdown gate's registration bean. */
  public static final String SHUTDOWN_GATE_FILTER_BEAN = "stabilityShutdownGateFilter";

  /** Creates the auto-configuration; Spring calls this. */
  public StabilityShutdownAutoConfiguration() {}

  /** Settings from {@code stability.shutdown.*}; a bean of the application's wins. */
  @Bean
  @ConditionalOnMissingBean
  ShutdownConfig stabilityShutdownConfig(StabilityProperties properties) {
    return ShutdownSettings.shutdownConfig(properties.getShutdown());
  }

  /**
   * The shutdown: add stop actions or listeners to it. Not destroyed by Spring: its {@code
   * shutdown()} would otherwise be inferred as the destroy method; the lifecycle runs it.
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  GracefulShutdown stabilityGracefulShutdown(ShutdownConfig config) {
    return new GracefulShutdown(config);
  }

  /** Readiness DOWN from the first moment of the shutdown; asked on every probe. */
  @Bean
  HealthCheckRegistration stabilityShutdownHealthCheck(GracefulShutdown shutdown) {
    return HealthCheckRegistration.of(
        StabilityInstaller.SHUTDOWN_CHECK_NAME, shutdown.readinessCheck(), StateGates.OPTIONS);
  }

  /** The gate: counts requests in flight, refuses new ones during the drain. */
  @Bean(SHUTDOWN_GATE_FILTER_BEAN)
  @ConditionalOnMissingBean(name = SHUTDOWN_GATE_FILTER_BEAN)
  FilterRegistrationBean<ShutdownGateFilter> stabilityShutdownGateFilter(
      GracefulShutdown shutdown) {
    FilterRegistrationBean<ShutdownGateFilter> registration =
        new FilterRegistrationBean<>(new ShutdownGateFilter(shutdown));
    registration.setName(StabilityInstaller.SHUTDOWN_GATE_FILTER_NAME);
    registration.setOrder(StabilityFilterOrders.SHUTDOWN_GATE);
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.setAsyncSupported(true);
    return registration;
  }

  /** Runs the drain when the context closes. */
  @Bean
  @ConditionalOnMissingBean
  StabilityShutdownLifecycle stabilityShutdownLifecycle(GracefulShutdown shutdown) {
    return new StabilityShutdownLifecycle(shutdown);
  }
}
