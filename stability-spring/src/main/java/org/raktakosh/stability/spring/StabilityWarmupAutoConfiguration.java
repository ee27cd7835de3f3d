package org.raktakosh.stability.spring;

import java.net.URI;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.raktakosh.stability.servlet.Warmup;
import org.raktakosh.stability.servlet.WarmupConfig;
import org.raktakosh.stability.servlet.internal.StateGates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the warm-up, off unless {@code stability.warmup.enabled=true}:
 *
 * <ul>
 *   <li>a {@link Warmup} configured by {@code stability.warmup.*} ({@code paths} is required);
 *   <li>its readiness gate, registered as {@value #CHECK_NAME}: {@code /health/ready} answers 503
 *       until the warm-up has ended;
 *   <li>a listener that starts it once the application is ready ({@link ApplicationReadyEvent}),
 *       against {@code http://127.0.0.1:<the embedded server's port>} unless {@code
 *       stability.warmup.base-url} says otherwise;
 *   <li>Spring Boot's {@link ApplicationAvailability}, answering REFUSING_TRAFFIC for readiness
 *       until the warm-up has ended (unless the application has its own).
 * </ul>
 *
 * <p>Closing the context ends a warm-up still running, before the graceful shutdown begins.
 */
// Before Boot's availability auto-configuration, so that its bean gives way to ours.
@AutoConfiguration(before = ApplicationAvailabilityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "stability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "stability.warmup.enabled")
@EnableConfigurationProperties(StabilityProperties.class)
public final class StabilityWarmupAutoConfiguration {

  /** Name of the warm-up's readiness gate in the health registry. */
  public static final String CHECK_NAME = StabilityInstaller.WARMUP_CHECK_NAME;

  private static final Logger log = LoggerFactory.getLogger(StabilityWarmupAutoConfiguration.class);

  /** Creates the auto-configuration; Spring calls this. */
  public StabilityWarmupAutoConfiguration() {}

  /** Settings from {@code stability.warmup.*}; a bean of the application's wins. */
  @Bean
  @ConditionalOnMissingBean
  WarmupConfig stabilityWarmupConfig(StabilityProperties properties) {
    return warmupConfig(properties.getWarmup());
  }

  /** The warm-up; closed with the context, which ends it if it still runs. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Warmup stabilityWarmup(WarmupConfig config) {
    return new Warmup(config);
  }

  /** Readiness DOWN until the warm-up has ended; asked on every probe. */
  @Bean
  HealthCheckRegistration stabilityWarmupHealthCheck(Warmup warmup) {
    return HealthCheckRegistration.of(CHECK_NAME, warmup.readinessCheck(), StateGates.OPTIONS);
  }

  /** Starts the warm-up when the application is ready. */
  @Bean
  ApplicationListener<ApplicationReadyEvent> stabilityWarmupStarter(
      Warmup warmup, Environment environment) {
    return event -> {
      if (warmup.config().baseUri().isPresent()) {
        warmup.start();
        return;
      }
      Integer port = environment.getProperty("local.server.port", Integer.class);
      if (port == null || port <= 0) {
        log.warn(
            "Warm-up skipped: no embedded server port is known; set stability.warmup.base-url");
        warmup.close();
        return;
      }
      warmup.start(URI.create("http://127.0.0.1:" + port));
    };
  }

  /**
   * Ends a warm-up still running when the context begins to close, before the graceful shutdown
   * drains: its requests would only meet the drain's 503s.
   */
  @Bean
  ApplicationListener<ContextClosedEvent> stabilityWarmupStopper(Warmup warmup) {
    return event -> warmup.close();
  }

  /**
   * Spring Boot's application availability, answering REFUSING_TRAFFIC for readiness while the
   * warm-up runs (actuator's readiness probe waits for it too); an application's own {@link
   * ApplicationAvailability} wins, and then only {@code /health/ready} waits.
   */
  @Bean
  @ConditionalOnMissingBean(ApplicationAvailability.class)
  ApplicationAvailabilityBean applicationAvailability(Warmup warmup) {
    return new WarmupAwareAvailability(warmup);
  }

  static WarmupConfig warmupConfig(StabilityProperties.Warmup properties) {
    String prefix = "stability.warmup.";
    WarmupConfig.Builder builder = WarmupConfig.custom();
    PropertyValues.apply(prefix + "paths", properties.getPaths(), builder::paths);
    PropertyValues.apply(prefix + "requests", properties.getRequests(), builder::requests);
    PropertyValues.apply(prefix + "concurrency", properties.getConcurrency(), builder::concurrency);
    PropertyValues.apply(prefix + "timeout", properties.getTimeout(), builder::timeout);
    String baseUrl = properties.getBaseUrl();
    if (baseUrl != null && !baseUrl.isBlank()) {
      PropertyValues.apply(
          prefix + "base-url", baseUrl.trim(), url -> builder.baseUri(URI.create(url)));
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          prefix + "paths", properties.getPaths(), e.getMessage());
    }
  }
}
