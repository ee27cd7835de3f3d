package org.raktakosh.stability.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer's JVM memory, GC, thread, class-loader, processor and uptime binders, each only when
 * no bean of its type exists. Ordered after Spring Boot's own JVM and system metrics
 * auto-configurations, so that when those run (the usual case with {@code
 * spring-boot-micrometer-metrics}) their beans win and nothing is bound twice; these beans matter
 * when the application excluded Boot's or defines its meter registry without them. Like every
 * {@code MeterBinder} bean, they are bound by Boot's meter-registry post-processor.
 *
 * <p>{@code stability.jvm-metrics.enabled=false} turns it off.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.jvm.JvmMetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.system.SystemMetricsAutoConfiguration"
    })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "stability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "stability.jvm-metrics.enabled", matchIfMissing = true)
public final class StabilityJvmMetricsAutoConfiguration {

  /** Creates the auto-configuration; Spring calls this. */
  public StabilityJvmMetricsAutoConfiguration() {}

  /** Heap and non-heap pools, buffers. */
  @Bean
  @ConditionalOnMissingBean
  JvmMemoryMetrics stabilityJvmMemoryMetrics() {
    return new JvmMemoryMetrics();
  }

  /** Pauses, allocation and promotion; closed with the context (it holds GC listeners). */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  JvmGcMetrics stabilityJvmGcMetrics() {
    return new JvmGcMetrics();
  }

  /** Live, daemon and peak threads, threads by state. */
  @Bean
  @ConditionalOnMissingBean
  JvmThreadMetrics stabilityJvmThreadMetrics() {
    return new JvmThreadMetrics();
  }

  /** Loaded and unloaded classes. */
  @Bean
  @ConditionalOnMissingBean
  ClassLoaderMetrics stabilityClassLoaderMetrics() {
    return new ClassLoaderMetrics();
  }

  /** CPU count, system and process CPU use, load average. */
  @Bean
  @ConditionalOnMissingBean
  ProcessorMetrics stabilityProcessorMetrics() {
    return new ProcessorMetrics();
  }

  /** Process uptime and start time. */
  @Bean
  @ConditionalOnMissingBean
  UptimeMetrics stabilityUptimeMetrics() {
    return new UptimeMetrics();
  }
}
