package org.raktakosh.stability.spring;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthMetrics;
import org.raktakosh.stability.health.HealthRegistry;
import org.raktakosh.stability.health.HealthRegistryConfig;
import org.raktakosh.stability.health.checks.HealthChecks;
import org.raktakosh.stability.servlet.HealthEndpointConfig;
import org.raktakosh.stability.servlet.HealthServlet;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.raktakosh.stability.tasks.BackgroundTasks;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the Stability health registry and its endpoints.
 *
 * <ul>
 *   <li>a {@link HealthRegistry} configured by {@code stability.health.*}, whose background checks
 *       run as tasks of the {@link BackgroundTasks} bean when there is one;
 *   <li>every {@link org.raktakosh.stability.health.HealthCheck} bean registered under its bean
 *       name, and every {@link HealthCheckRegistration} bean under its own name and options, with
 *       {@code stability.health.defaults.*} and {@code stability.health.checks.<name>.*} on top;
 *   <li>in a servlet web application, {@link HealthServlet} at {@code stability.health.path}
 *       (default {@code /health}) and at each {@code stability.health.groups.<group>.path};
 *   <li>with Micrometer and a {@link MeterRegistry} bean, {@link HealthMetrics};
 *   <li>with exactly one {@link DataSource}, a check named {@code db} ({@code
 *       stability.health.db.enabled=false} turns it off).
 * </ul>
 *
 * <p>A {@link HealthRegistry} bean of the application's own replaces the auto-configured one; the
 * check beans are still registered into it and it is still started (its groups are its own
 * configuration's). Checks are registered, and groups validated, once every singleton exists and
 * before the web server accepts connections; a group listing an unknown check fails start-up.
 *
 * <p>{@code stability.enabled=false} or {@code stability.health.enabled=false} turns all of it off.
 */
@AutoConfiguration(
    after = StabilityTasksAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnBooleanProperty(name = "stability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "stability.health.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StabilityProperties.class)
public final class StabilityHealthAutoConfiguration {

  /** Name of the check that the DataSource check is registered under. */
  public static final String DB_CHECK_NAME = "db";

  /** Creates the auto-configuration; Spring calls this. */
  public StabilityHealthAutoConfiguration() {}

  /** The registry, configured by {@code stability.health.*}; closed with the context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  HealthRegistry stabilityHealthRegistry(
      StabilityProperties properties, ObjectProvider<BackgroundTasks> tasks) {
    HealthRegistryConfig config = HealthSettings.of(properties.getHealth()).registryConfig();
    BackgroundTasks scheduler = tasks.getIfUnique();
    return scheduler != null ? HealthRegistry.of(config, scheduler) : HealthRegistry.of(config);
  }

  /** Registers the check beans and starts the registry once every singleton exists. */
  @Bean
  HealthCheckRegistrar stabilityHealthCheckRegistrar(
      ListableBeanFactory beans, HealthRegistry registry, StabilityProperties properties) {
    return new HealthCheckRegistrar(beans, registry, HealthSettings.of(properties.getHealth()));
  }

  /** The health endpoints, in a servlet web application. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  static class HealthServletConfiguration {

    /** Where the endpoints are and who sees details, from {@code stability.health.*}. */
    @Bean
    @ConditionalOnMissingBean
    HealthEndpointConfig stabilityHealthEndpointConfig(StabilityProperties properties) {
      return HealthSettings.of(properties.getHealth()).endpointConfig();
    }

    /**
     * {@link HealthServlet} mapped at the base path, below it, and at every group alias. Exact and
     * path-prefix mappings win over the DispatcherServlet's {@code /}, so the application's own
     * controllers cannot shadow the probes.
     */
    @Bean
    @ConditionalOnMissingBean(name = "stabilityHealthServlet")
    ServletRegistrationBean<HealthServlet> stabilityHealthServlet(
        HealthRegistry registry, HealthEndpointConfig config) {
      List<String> mappings = new ArrayList<>();
      mappings.add(config.path());
      mappings.add(config.path() + "/*");
      mappings.addAll(config.aliases().keySet());
      ServletRegistrationBean<HealthServlet> registration =
          new ServletRegistrationBean<>(
              new HealthServlet(registry, config), mappings.toArray(new String[0]));
      registration.setName(StabilityInstaller.HEALTH_SERVLET_NAME);
      return registration;
    }
  }

  /** Health gauges and timers, when Micrometer is present and the application has a registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnBean(MeterRegistry.class)
  static class HealthMetricsConfiguration {

    /**
     * The binder; Boot's meter registry post-processor binds every {@code MeterBinder} bean to
     * every meter registry, and the binder follows checks registered later through a listener.
     */
    @Bean
    @ConditionalOnMissingBean
    HealthMetrics stabilityHealthMetrics(HealthRegistry registry) {
      return new HealthMetrics(registry);
    }
  }

  /** A {@code db} check when the application has exactly one DataSource. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "javax.sql.DataSource")
  @ConditionalOnSingleCandidate(DataSource.class)
  @ConditionalOnBooleanProperty(name = "stability.health.db.enabled", matchIfMissing = true)
  static class DataSourceHealthCheckConfiguration {

    /**
     * The check, with the code defaults: in no group, so it counts for the whole and for readiness
     * (while nothing else claims readiness) but never for liveness, since a restart does not mend a
     * database. Connection validation may take as long as the check's timeout.
     */
    @Bean
    @ConditionalOnMissingBean(name = "stabilityDbHealthCheck")
    HealthCheckRegistration stabilityDbHealthCheck(
        DataSource dataSource, StabilityProperties properties) {
      HealthCheckOptions options =
          HealthSettings.of(properties.getHealth())
              .optionsFor(DB_CHECK_NAME, HealthCheckOptions.ofDefaults());
      return HealthCheckRegistration.of(
          DB_CHECK_NAME,
          HealthChecks.dataSource(dataSource, options.timeout()),
          HealthCheckOptions.ofDefaults());
    }
  }
}
