package org.raktakosh.stability.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.raktakosh.stability.health.HealthRegistry;
import org.raktakosh.stability.health.HealthWatchdog;
import org.raktakosh.stability.health.HealthWatchdogMetrics;
import org.raktakosh.stability.health.WatchdogCallback;
import org.raktakosh.stability.tasks.BackgroundTasks;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@link HealthWatchdog}: it watches {@code stability.watchdog.group}
 * (default {@code liveness}) every {@code stability.watchdog.interval} (default 60 s) on the {@link
 * BackgroundTasks} bean, and after {@code stability.watchdog.failures} (default 3) DOWN runs in a
 * row logs at ERROR, calls the application's {@link WatchdogCallback} bean if there is one, and
 * with {@code stability.watchdog.action=exit} exits the JVM with {@code
 * stability.watchdog.exit-code} (default 70). With Micrometer, {@link HealthWatchdogMetrics}.
 *
 * <p>{@code stability.watchdog.enabled=false} (or turning health or Stability off) turns it off.
 */
@AutoConfiguration(
    after = {StabilityHealthAutoConfiguration.class, StabilityTasksAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "stability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "stability.watchdog.enabled", matchIfMissing = true)
@ConditionalOnBean({HealthRegistry.class, BackgroundTasks.class})
@EnableConfigurationProperties(StabilityProperties.class)
public final class StabilityWatchdogAutoConfiguration {

  /** Creates the auto-configuration; Spring calls this. */
  public StabilityWatchdogAutoConfiguration() {}

  /** The watchdog, scheduled at once; its first run is one interval after start. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  HealthWatchdog stabilityHealthWatchdog(
      HealthRegistry registry,
      BackgroundTasks tasks,
      StabilityProperties properties,
      ObjectProvider<WatchdogCallback> callback) {
    return HealthWatchdog.start(
        registry,
        tasks,
        TasksSettings.watchdogConfig(properties.getWatchdog(), callback.getIfUnique()));
  }

  /** The watchdog's counter and gauge, when Micrometer is present and there is a registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnBean(MeterRegistry.class)
  static class WatchdogMetricsConfiguration {

    /** The binder; Boot's meter registry post-processor binds it. */
    @Bean
    @ConditionalOnMissingBean
    HealthWatchdogMetrics stabilityHealthWatchdogMetrics(HealthWatchdog watchdog) {
      return new HealthWatchdogMetrics(watchdog);
    }
  }
}
