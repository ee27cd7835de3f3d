package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.HealthWatchdog;
import org.raktakosh.stability.health.HealthWatchdogConfig;
import org.raktakosh.stability.health.HealthWatchdogMetrics;
import org.raktakosh.stability.health.WatchdogCallback;
import org.raktakosh.stability.tasks.BackgroundTaskMetrics;
import org.raktakosh.stability.tasks.BackgroundTasks;
import org.raktakosh.stability.tasks.BackgroundTasksConfig;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.jvm.JvmMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.system.SystemMetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class StabilityTasksAutoConfigurationTests {

  private static final Duration AWAIT = Duration.ofSeconds(30);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  StabilityTasksAutoConfiguration.class,
                  StabilityHealthAutoConfiguration.class,
                  StabilityWatchdogAutoConfiguration.class,
                  StabilityJvmMetricsAutoConfiguration.class));

  private static final AutoConfigurations BOOT_METRICS =
      AutoConfigurations.of(
          MetricsAutoConfiguration.class,
          SimpleMetricsExportAutoConfiguration.class,
          CompositeMeterRegistryAutoConfiguration.class);

  @Test
  void backgroundTasksAreConfiguredAndStoppedWhenTheContextCloses() {
    AtomicReference<BackgroundTasks> tasks = new AtomicReference<>();
    runner
        .withPropertyValues("stability.tasks.threads=3", "stability.tasks.stop-grace=1s")
        .run(
            context -> {
              assertThat(context).hasSingleBean(BackgroundTasks.class);
              assertThat(context).hasSingleBean(BackgroundTasksLifecycle.class);
              tasks.set(context.getBean(BackgroundTasks.class));
              assertThat(tasks.get().isStopped()).isFalse();
              assertThat(context.getBean(BackgroundTasksLifecycle.class).isRunning()).isTrue();
            });
    assertThat(tasks.get().isStopped()).isTrue();
  }

  @Test
  void tasksStopAfterTheWebServersGracefulShutdownAndBeforeTheServerStops() {
    // Higher phases stop first; Boot stops the web server one step (1024) below graceful shutdown.
    assertThat(BackgroundTasksLifecycle.PHASE)
        .isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE)
        .isGreaterThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024);
  }

  @Test
  void healthRegistryRunsItsBackgroundChecksOnTheTasks() {
    runner
        .withUserConfiguration(BackgroundCheckConfiguration.class)
        .run(
            context -> {
              BackgroundTasks tasks = context.getBean(BackgroundTasks.class);
              assertThat(tasks.names()).contains("health:backup", "watchdog:liveness");
              await()
                  .atMost(AWAIT)
                  .until(() -> tasks.find("health:backup").orElseThrow().statistics().runs() > 0);
            });
  }

  @Test
  void applicationsOwnTasksReplaceTheAutoConfiguredOnesAndAreStoppedToo() {
    AtomicReference<BackgroundTasks> tasks = new AtomicReference<>();
    runner
        .withUserConfiguration(OwnTasksConfiguration.class)
        .run(
            context -> {
              tasks.set(context.getBean(BackgroundTasks.class));
              assertThat(tasks.get()).isSameAs(OwnTasksConfiguration.TASKS);
            });
    assertThat(tasks.get().isStopped()).isTrue();
  }

  @Test
  void badTaskSettingFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.tasks.threads=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("stability.tasks.threads"));
  }

  @Test
  void stabilityOffMeansNoTasksAndTheRegistryKeepsItsOwnScheduler() {
    runner
        .withPropertyValues("stability.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(BackgroundTasks.class)
                    .doesNotHaveBean(HealthWatchdog.class));
  }

  @Test
  void watchdogWatchesLivenessByDefault() {
    runner.run(
        context -> {
          HealthWatchdog watchdog = context.getBean(HealthWatchdog.class);
          assertThat(watchdog.group()).isEqualTo("liveness");
          assertThat(context.getBean(BackgroundTasks.class).names())
              .containsExactly("watchdog:liveness");
        });
  }

  @Test
  void watchdogCanBeSwitchedOff() {
    runner
        .withPropertyValues("stability.watchdog.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(HealthWatchdog.class));
  }

  @Test
  void watchdogFiresTheApplicationsCallbackAfterTheConfiguredFailures() {
    runner
        .withUserConfiguration(FailingLivenessConfiguration.class)
        .withPropertyValues("stability.watchdog.interval=20ms", "stability.watchdog.failures=2")
        .run(
            context -> {
              FailingLivenessConfiguration config =
                  context.getBean(FailingLivenessConfiguration.class);
              await().atMost(AWAIT).until(() -> !config.firings.isEmpty());
              assertThat(config.firings.get(0)).isEqualTo("liveness after 2");
              assertThat(context.getBean(HealthWatchdog.class).firings()).isEqualTo(1);
            });
  }

  @Test
  void watchdogSettingsMapOntoTheCoreConfiguration() {
    StabilityProperties.Watchdog properties = new StabilityProperties.Watchdog();
    properties.setGroup("backup");
    properties.setFailures(5);
    properties.setInterval(Duration.ofSeconds(10));
    properties.setAction(StabilityProperties.WatchdogAction.EXIT);
    properties.setExitCode(75);
    WatchdogCallback callback = (group, failures, report) -> {};

    HealthWatchdogConfig config = TasksSettings.watchdogConfig(properties, callback);

    assertThat(config.group()).isEqualTo("backup");
    assertThat(config.failureThreshold()).isEqualTo(5);
    assertThat(config.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.exit()).isTrue();
    assertThat(config.exitCode()).isEqualTo(75);
    assertThat(config.callback()).containsSame(callback);
    assertThat(TasksSettings.watchdogConfig(new StabilityProperties.Watchdog(), null).exit())
        .isFalse();
  }

  @Test
  void exitActionIsBoundFromItsLowerCaseName() {
    runner
        .withPropertyValues("stability.watchdog.action=exit", "stability.watchdog.exit-code=75")
        .run(
            context -> {
              StabilityProperties.Watchdog watchdog =
                  context.getBean(StabilityProperties.class).getWatchdog();
              assertThat(watchdog.getAction()).isEqualTo(StabilityProperties.WatchdogAction.EXIT);
              assertThat(watchdog.getExitCode()).isEqualTo(75);
            });
  }

  @Test
  void badWatchdogSettingFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.watchdog.exit-code=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("stability.watchdog.exit-code"));
  }

  @Test
  void metricsOfTasksAndWatchdogAreBound() {
    runner
        .withConfiguration(BOOT_METRICS)
        .withUserConfiguration(BackgroundCheckConfiguration.class)
        .run(
            context -> {
              assertThat(context)
                  .hasSingleBean(BackgroundTaskMetrics.class)
                  .hasSingleBean(HealthWatchdogMetrics.class);
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              await()
                  .atMost(AWAIT)
                  .until(
                      () -> {
                        var runs =
                            meters
                                .find(BackgroundTaskMetrics.RUNS)
                                .tag(BackgroundTaskMetrics.TASK_TAG, "health:backup")
                                .counter();
                        return runs != null && runs.count() > 0;
                      });
              assertThat(
                      meters
                          .find(HealthWatchdogMetrics.FIRED)
                          .tag(HealthWatchdogMetrics.GROUP_TAG, "liveness")
                          .functionCounter())
                  .isNotNull();
            });
  }

  @Test
  void jvmBindersAreBoundWhenNothingElseBindsThem() {
    runner
        .withConfiguration(BOOT_METRICS)
        .run(
            context -> {
              for (Class<?> type :
                  List.of(
                      JvmMemoryMetrics.class,
                      JvmGcMetrics.class,
                      JvmThreadMetrics.class,
                      ClassLoaderMetrics.class,
                      ProcessorMetrics.class,
                      UptimeMetrics.class)) {
                assertThat(context.getBeanNamesForType(type))
                    .as(type.getSimpleName())
                    .singleElement()
                    .asString()
                    .startsWith("stability");
              }
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              assertThat(meters.find("jvm.threads.live").gauges()).hasSize(1);
              assertThat(meters.find("jvm.memory.used").gauges()).isNotEmpty();
              assertThat(meters.find("process.uptime").timeGauges()).hasSize(1);
            });
  }

  @Test
  void bootsOwnJvmBindersWinAndNothingIsBoundTwice() {
    runner
        .withConfiguration(BOOT_METRICS)
        .withConfiguration(
            AutoConfigurations.of(
                JvmMetricsAutoConfiguration.class, SystemMetricsAutoConfiguration.class))
        .run(
            context -> {
              for (Class<?> type :
                  List.of(
                      JvmMemoryMetrics.class,
                      JvmGcMetrics.class,
                      JvmThreadMetrics.class,
                      ClassLoaderMetrics.class,
                      ProcessorMetrics.class,
                      UptimeMetrics.class)) {
                assertThat(context.getBeanNamesForType(type))
                    .as(type.getSimpleName())
                    .singleElement()
                    .asString()
                    .doesNotStartWith("stability");
              }
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              assertThat(meters.find("jvm.threads.live").gauges()).hasSize(1);
              assertThat(meters.find("process.uptime").timeGauges()).hasSize(1);
            });
  }

  @Test
  void applicationsOwnBinderIsKeptAndTheOthersAreAdded() {
    runner
        .withConfiguration(BOOT_METRICS)
        .withUserConfiguration(OwnGcMetricsConfiguration.class)
        .run(
            context -> {
              assertThat(context.getBeanNamesForType(JvmGcMetrics.class))
                  .containsExactly("myGcMetrics");
              assertThat(context).hasBean("stabilityJvmThreadMetrics");
            });
  }

  @Test
  void jvmBindersCanBeSwitchedOff() {
    runner
        .withConfiguration(BOOT_METRICS)
        .withPropertyValues("stability.jvm-metrics.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(JvmThreadMetrics.class));
  }

  @Test
  void withoutMicrometerTasksAndWatchdogStillWork() {
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context)
                  .hasSingleBean(BackgroundTasks.class)
                  .hasSingleBean(HealthWatchdog.class)
                  .doesNotHaveBean(BackgroundTaskMetrics.class);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class BackgroundCheckConfiguration {
    @Bean
    HealthCheckRegistration backup() {
      return HealthCheckRegistration.of(
          "backup",
          HealthResult::up,
          HealthCheckOptions.custom().background(Duration.ofMillis(20)).build());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnTasksConfiguration {
    static final BackgroundTasks TASKS =
        BackgroundTasks.of(BackgroundTasksConfig.custom().threads(1).build());

    @Bean
    BackgroundTasks myTasks() {
      return TASKS;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class FailingLivenessConfiguration {
    final List<String> firings = new CopyOnWriteArrayList<>();

    @Bean
    HealthCheckRegistration heartbeat() {
      return HealthCheckRegistration.of(
          "heartbeat",
          () -> HealthResult.down("no heartbeat"),
          HealthCheckOptions.custom().groups(HealthCheckOptions.LIVENESS).build());
    }

    @Bean
    WatchdogCallback pager() {
      return (group, failures, report) -> firings.add(group + " after " + failures);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnGcMetricsConfiguration {
    @Bean(destroyMethod = "close")
    JvmGcMetrics myGcMetrics() {
      return new JvmGcMetrics();
    }
  }
}
