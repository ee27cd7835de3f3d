package org.raktakosh.stability.spring;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.raktakosh.stability.servlet.TrustedHostConfig;
import org.raktakosh.stability.servlet.TrustedHostFilter;
import org.raktakosh.stability.servlet.TrustedHostMetrics;
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
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Auto-configuration of the trusted-host check in a servlet web application: {@link
 * TrustedHostFilter} at {@link StabilityFilterOrders#TRUSTED_HOST} (just inside the request id),
 * configured by a {@link TrustedHostConfig} bean built from {@code stability.trusted-hosts.*}
 * unless the application defines its own. Registered only when allowed hosts are set; with none and
 * the {@code prod} profile active, start-up logs a WARN, since every Host is then accepted. With
 * Micrometer and a {@link MeterRegistry}, {@link TrustedHostMetrics} publishes {@code
 * stability.hosts.rejected}.
 */
@AutoConfiguration(
    afterName =
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "stability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "stability.trusted-hosts.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StabilityProperties.class)
public final class StabilityTrustedHostAutoConfiguration {

  /** Name of the trusted-host filter's registration bean. */
  public static final String TRUSTED_HOST_FILTER_BEAN = "stabilityTrustedHostFilter";

  private static final Logger log =
      LoggerFactory.getLogger(StabilityTrustedHostAutoConfiguration.class);

  /** Creates the auto-configuration; Spring calls this. */
  public StabilityTrustedHostAutoConfiguration() {}

  /** Settings from {@code stability.trusted-hosts.*}; a bean of the application's wins. */
  @Bean
  @ConditionalOnMissingBean
  TrustedHostConfig stabilityTrustedHostConfig(StabilityProperties properties) {
    return AccessSettings.trustedHostConfig(properties.getTrustedHosts());
  }

  /** The filter, a bean so that the metrics can read its counter. */
  @Bean
  @ConditionalOnMissingBean
  TrustedHostFilter stabilityTrustedHost(TrustedHostConfig config) {
    return new TrustedHostFilter(config);
  }

  /** The filter's registration for REQUEST dispatches, enabled only when hosts are configured. */
  @Bean(TRUSTED_HOST_FILTER_BEAN)
  @ConditionalOnMissingBean(name = TRUSTED_HOST_FILTER_BEAN)
  FilterRegistrationBean<TrustedHostFilter> stabilityTrustedHostFilter(
      TrustedHostFilter filter, Environment environment) {
    FilterRegistrationBean<TrustedHostFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setName(StabilityInstaller.TRUSTED_HOST_FILTER_NAME);
    registration.setOrder(StabilityFilterOrders.TRUSTED_HOST);
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.setAsyncSupported(true);
    boolean enabled = !filter.config().allowsAll();
    registration.setEnabled(enabled);
    if (!enabled && environment.acceptsProfiles(Profiles.of("prod"))) {
      log.warn(
          "stability.trusted-hosts.allowed-hosts is not set in the prod profile: every Host header"
              + " is accepted. List the names this service answers to.");
    }
    return registration;
  }

  /** The rejection counter, when Micrometer is present and the application has a registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnBean(MeterRegistry.class)
  static class TrustedHostMetricsConfiguration {

    /** The counter; as a {@code MeterBinder} bean Boot binds it to the meter registry. */
    @Bean
    @ConditionalOnMissingBean
    TrustedHostMetrics stabilityTrustedHostMetrics(TrustedHostFilter filter) {
      return new TrustedHostMetrics(filter);
    }
  }
}
