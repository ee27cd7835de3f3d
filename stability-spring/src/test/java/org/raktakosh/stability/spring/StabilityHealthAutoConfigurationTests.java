package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.raktakosh.stability.health.CheckReport;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthListener;
import org.raktakosh.stability.health.HealthMetrics;
import org.raktakosh.stability.health.HealthRegistry;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;
import org.raktakosh.stability.servlet.DetailsPolicy;
import org.raktakosh.stability.servlet.HealthEndpointConfig;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class StabilityHealthAutoConfigurationTests {

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(StabilityHealthAutoConfiguration.class))
          // The built-in resource checks have tests of their own below; here they would only
          // add names to every list.
          .withPropertyValues("stability.health.resources.enabled=false");

  @Test
  void registryAndEndpointsArePresentByDefault() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(HealthRegistry.class);
          assertThat(context).hasSingleBean(StabilityProperties.class);
          assertThat(context).hasSingleBean(HealthEndpointConfig.class);
          assertThat(servletMappings(context.getBean("stabilityHealthServlet")))
              .containsExactly("/health", "/health/*");
          assertThat(context.getBean(HealthEndpointConfig.class).details())
              .isEqualTo(DetailsPolicy.LOCALHOST);
        });
  }

  @Test
  void resourceChecksAreRegisteredByDefaultInLivenessAndAsAReadinessGate() {
    runner
        .withPropertyValues("stability.health.resources.enabled=true")
        .withUserConfiguration(InventoryCheckConfiguration.class)
        .run(
            context -> {
              HealthRegistry registry = context.getBean(HealthRegistry.class);
              assertThat(registry.names()).contains("heap", "deadlocks", "diskSpace");
              assertThat(registry.evaluateGroup("liveness").orElseThrow().checks())
                  .containsOnlyKeys("heap", "deadlocks");
              // A gate: readiness still holds every check, as while nothing claims it.
              assertThat(registry.evaluateGroup("readiness").orElseThrow().checks())
                  .containsKeys("diskSpace", "heap", "deadlocks")
                  .hasSize(registry.names().size());
            });
  }

  @Test
  void diskSpaceTakesItsOwnOverridesButNotTheDefaults() {
    runner
        .withPropertyValues(
            "stability.health.resources.enabled=true",
            "stability.health.defaults.critical=true",
            "stability.health.checks.diskSpace.critical=false",
            "stability.health.checks.diskSpace.groups=backup",
            // 1 PB free: the check fails, and says so as DEGRADED, not DOWN
            "stability.health.resources.disk-min-free=1048576GB")
        .run(
            context -> {
              HealthRegistry registry = context.getBean(HealthRegistry.class);
              assertThat(registry.evaluateGroup("backup").orElseThrow().checks())
                  .containsOnlyKeys("diskSpace");
              CheckReport disk = registry.evaluate().checks().get("diskSpace");
              assertThat(disk.critical()).isFalse();
              assertThat(disk.aggregateStatus()).isEqualTo(Status.DEGRADED);
              assertThat(registry.evaluateGroup("readiness").orElseThrow().checks())
                  .containsKey("diskSpace");
            });
  }

  @Test
  void anOverrideOfAStateGateFailsStartUpNamingTheKey() {
    runner
        .withConfiguration(AutoConfigurations.of(StabilityShutdownAutoConfiguration.class))
        .withPropertyValues("stability.health.checks.shutdown.cache-ttl=10s")
        .run(
            context -> {
              assertThat(context).hasFailed();
              InvalidConfigurationPropertyValueException failure =
                  causeOfType(
                      context.getStartupFailure(),
                      InvalidConfigurationPropertyValueException.class);
              assertThat(failure.getName()).isEqualTo("stability.health.checks.shutdown");
              assertThat(failure).hasMessageContaining("state gate");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1MB", "-1B"})
  void negativeDiskMinFreeFailsStartUpNamingTheKey(String value) {
    runner
        .withPropertyValues(
            "stability.health.resources.enabled=true",
            "stability.health.resources.disk-min-free=" + value)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.health.resources.disk-min-free"));
  }

  @Test
  void applicationsOwnCheckOfTheSameNameWinsAndTheSwitchTurnsThemOff() {
    runner
        .withPropertyValues("stability.health.resources.enabled=true")
        .withBean(
            "heapCheck",
            HealthCheckRegistration.class,
            () -> HealthCheckRegistration.of("heap", () -> HealthResult.up("mine")))
        .run(
            context -> {
              HealthRegistry registry = context.getBean(HealthRegistry.class);
              assertThat(registry.evaluate().checks().get("heap").result().message())
                  .contains("mine");
              assertThat(registry.names()).contains("deadlocks", "diskSpace");
            });
    runner
        .withPropertyValues("stability.health.resources.enabled=false")
        .run(
            context ->
                assertThat(context.getBean(HealthRegistry.class).names())
                    .doesNotContain("heap", "deadlocks", "diskSpace"));
  }

  @Test
  void masterSwitchTurnsEverythingOff() {
    runner
        .withPropertyValues("stability.enabled=false")
        .withUserConfiguration(InventoryCheckConfiguration.class)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(HealthRegistry.class);
              assertThat(context).doesNotHaveBean("stabilityHealthServlet");
            });
  }

  @Test
  void healthSwitchTurnsHealthOff() {
    runner
        .withPropertyValues("stability.health.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(HealthRegistry.class);
              assertThat(context).doesNotHaveBean("stabilityHealthServlet");
            });
  }

  @Test
  void nonWebApplicationGetsTheRegistryWithoutTheServlet() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(StabilityHealthAutoConfiguration.class))
        .withPropertyValues("stability.health.resources.enabled=false")
        .withUserConfiguration(InventoryCheckConfiguration.class)
        .run(
            context -> {
              assertThat(context.getBean(HealthRegistry.class).names())
                  .containsExactly("inventory");
              assertThat(context).doesNotHaveBean(ServletRegistrationBean.class);
            });
  }

  @Test
  void userRegistryWinsAndStillReceivesTheCheckBeans() {
    runner
        .withUserConfiguration(UserRegistryConfiguration.class, InventoryCheckConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(HealthRegistry.class);
              assertThat(context.getBean(HealthRegistry.class))
                  .isSameAs(context.getBean(UserRegistryConfiguration.class).registry);
              assertThat(context.getBean(HealthRegistry.class).names())
                  .containsExactly("inventory");
            });
  }

  @Test
  void checkBeansAreRegisteredUnderTheirBeanNames() {
    runner
        .withUserConfiguration(InventoryCheckConfiguration.class)
        .run(
            context ->
                assertThat(context.getBean(HealthRegistry.class).names())
                    .containsExactly("inventory"));
  }

  @Test
  void propertiesOverrideTheOptionsGivenInCode() {
    runner
        .withUserConfiguration(BackupRegistrationConfiguration.class)
        .withPropertyValues(
            "stability.health.defaults.timeout=3s",
            "stability.health.defaults.cache-ttl=1s",
            "stability.health.checks.backup.critical=false",
            "stability.health.checks.backup.groups=readiness",
            "stability.health.checks.backup.background-interval=0")
        .run(
            context -> {
              HealthCheckOptions options =
                  optionsOf(context.getBean(HealthRegistry.class), "backup");
              assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(3));
              assertThat(options.cacheTtl()).isEqualTo(Duration.ofSeconds(1));
              assertThat(options.critical()).isFalse();
              assertThat(options.groups()).containsExactlyInAnyOrder("backup", "readiness");
              assertThat(options.backgroundInterval()).isEmpty();
            });
  }

  @Test
  void optionsGivenInCodeAreKeptWhenNothingOverridesThem() {
    runner
        .withUserConfiguration(BackupRegistrationConfiguration.class)
        .run(
            context -> {
              HealthCheckOptions options =
                  optionsOf(context.getBean(HealthRegistry.class), "backup");
              assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(5));
              assertThat(options.critical()).isTrue();
              assertThat(options.groups()).containsExactly("backup");
              assertThat(options.backgroundInterval()).contains(Duration.ofMinutes(5));
            });
  }

  @Test
  void checkWrappedInARegistrationIsRegisteredOnceUnderTheRegistrationName() {
    runner
        .withUserConfiguration(WrappedCheckBeanConfiguration.class)
        .run(
            context ->
                assertThat(context.getBean(HealthRegistry.class).names())
                    .containsExactly("archive"));
  }

  @Test
  void groupAliasesAreMappedToTheHealthServlet() {
    runner
        .withUserConfiguration(BackupRegistrationConfiguration.class)
        .withPropertyValues(
            "stability.health.path=/status", "stability.health.groups.backup.path=/backup-health")
        .run(
            context ->
                assertThat(servletMappings(context.getBean("stabilityHealthServlet")))
                    .containsExactly("/status", "/status/*", "/backup-health"));
  }

  @Test
  void groupIncludingAnUnknownCheckFailsStartUpNamingGroupAndCheck() {
    runner
        .withUserConfiguration(InventoryCheckConfiguration.class)
        .withPropertyValues("stability.health.groups.backup.include=inventory,bakup")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.health.groups.backup.include")
                    .hasMessageContaining("group 'backup'")
                    .hasMessageContaining("unknown check 'bakup'"));
  }

  @Test
  void unknownDetailsPolicyFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.health.details=sometimes")
        .run(
            context -> {
              assertThat(context).hasFailed();
              BindException failure = causeOfType(context.getStartupFailure(), BindException.class);
              assertThat(failure.getName()).hasToString("stability.health.details");
              assertThat(failure).hasMessageContaining("stability.health.details");
            });
  }

  @Test
  void misspeltKeyFailsStartUpNamingIt() {
    runner
        .withPropertyValues("stability.health.detials=never")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining("stability.health.detials");
            });
  }

  @Test
  void checkNamesKeepTheirCaseInOverrideKeys() {
    runner
        .withUserConfiguration(InventoryCheckConfiguration.class)
        .withPropertyValues("stability.health.checks.diskSpace.timeout=2s")
        .run(
            context ->
                assertThat(context.getBean(StabilityProperties.class).getHealth().getChecks())
                    .containsOnlyKeys("diskSpace"));
  }

  @Test
  void negativeCheckTimeoutFailsStartUpNamingTheFullKey() {
    runner
        .withPropertyValues("stability.health.checks.inventory.timeout=-1s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.health.checks.inventory.timeout"));
  }

  @Test
  void pathWithoutLeadingSlashFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.health.path=health")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.health.path"));
  }

  @Test
  void zeroParallelismFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.health.parallelism=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("stability.health.parallelism"));
  }

  @Test
  void meterRegistryGetsAStatusGaugePerCheck() {
    runner
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class))
        .withUserConfiguration(InventoryCheckConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(HealthMetrics.class);
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              assertThat(
                      meters
                          .find(HealthMetrics.STATUS)
                          .tag(HealthMetrics.CHECK_TAG, "inventory")
                          .gauge())
                  .isNotNull();
            });
  }

  @Test
  void withoutMicrometerTheRegistryStillWorks() {
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .withUserConfiguration(InventoryCheckConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(HealthMetrics.class);
              assertThat(context.getBean(HealthRegistry.class).names())
                  .containsExactly("inventory");
            });
  }

  @Test
  void singleDataSourceGetsADbCheck() {
    runner
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:single-data-source")
        .run(
            context ->
                assertThat(context.getBean(HealthRegistry.class).names())
                    .containsExactly(StabilityHealthAutoConfiguration.DB_CHECK_NAME));
  }

  @Test
  void dbCheckCanBeSwitchedOff() {
    runner
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:db-check-off", "stability.health.db.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(HealthRegistry.class).names()).isEmpty();
            });
  }

  private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    throw new AssertionError("no " + type.getName() + " in the causes of " + failure, failure);
  }

  private static String[] servletMappings(Object bean) {
    return ((ServletRegistrationBean<?>) bean).getUrlMappings().toArray(new String[0]);
  }

  private static HealthCheckOptions optionsOf(HealthRegistry registry, String name) {
    Map<String, HealthCheckOptions> options = new ConcurrentHashMap<>();
    HealthListener listener =
        new HealthListener() {
          @Override
          public void onRegistered(String check, HealthCheckOptions registered) {
            options.put(check, registered);
          }
        };
    // Adding a listener replays onRegistered for the checks already registered.
    registry.addListener(listener);
    registry.removeListener(listener);
    return options.get(name);
  }

  @Configuration(proxyBeanMethods = false)
  static class InventoryCheckConfiguration {
    @Bean
    HealthCheck inventory() {
      return HealthResult::up;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class BackupRegistrationConfiguration {
    @Bean
    HealthCheckRegistration backupHealthCheck() {
      return HealthCheckRegistration.of(
          "backup",
          HealthResult::up,
          HealthCheckOptions.custom()
              .timeout(Duration.ofSeconds(5))
              .groups("backup")
              .background(Duration.ofMinutes(5))
              .build());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class WrappedCheckBeanConfiguration {
    @Bean
    HealthCheck archiveCheck() {
      return HealthResult::up;
    }

    @Bean
    HealthCheckRegistration archiveRegistration(HealthCheck archiveCheck) {
      return HealthCheckRegistration.of("archive", archiveCheck);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserRegistryConfiguration {
    final HealthRegistry registry = HealthRegistry.ofDefaults();

    @Bean
    HealthRegistry userHealthRegistry() {
      return registry;
    }
  }
}
