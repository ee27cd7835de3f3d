package org.raktakosh.stability.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.raktakosh.stability.tasks.BackgroundTaskMetrics;
import org.raktakosh.stability.tasks.BackgroundTasks;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of {@link BackgroundTasks}:
 *
 * <ul>
 *   <li>a {@link BackgroundTasks} bean configured by {@code stability.tasks.*}, on which the health
 *       registry runs its background checks and the watchdog its runs; the application schedules
 *       its own tasks on it too;
 *   <li>a {@link BackgroundTasksLifecycle} that stops the tasks in phase {@link
 *       BackgroundTasksLifecycle#PHASE} when the context closes;
 *   <li>with Micrometer and a {@link MeterRegistry} bean, {@link BackgroundTaskMetrics}.
 * </ul>
 *
 * <p>A {@link BackgroundTasks} bean of the application's own replaces the auto-configured one and
 * is still stopped by the lifecycle. {@code stability.enabled=false} turns all of it off.
 */
@AutoConfiguration(
    afterName =
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBooleanProperty(name = "stability.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StabilityProperties.class)
public final class StabilityTasksAutoConfiguration {

  /** Creates the auto-configuration; Spring calls this. */
  public StabilityTasksAutoConfiguration() {}

  /** The tasks, configured by {@code stability.tasks.*}; stopped by the lifecycle below. */
  @Bean
  @ConditionalOnMissingBean
  BackgroundTasks stabilityBackgroundTasks(StabilityProperties properties) {
    return BackgroundTasks.of(TasksSettings.tasksConfig(properties.getTasks()));
  }

  /** Stops the tasks after the web server's graceful shutdown, before the server stops. */
  @Bean
  @ConditionalOnMissingBean
  BackgroundTasksLifecycle stabilityBackgroundTasksLifecycle(
      BackgroundTasks tasks, StabilityProperties properties) {
    return new BackgroundTasksLifecycle(tasks, properties.getTasks().getStopGrace());
  }

  /** Task counters and timers, when Micrometer is present and the application has a registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnBean(MeterRegistry.class)
  static class TaskMetricsConfiguration {

    /** The binder; Boot's meter registry post-processor binds it to every meter registry. */
    @Bean
    @ConditionalOnMissingBean
    BackgroundTaskMetrics stabilityBackgroundTaskMetrics(BackgroundTasks tasks) {
      return new BackgroundTaskMetrics(tasks);
    }
  }
}
