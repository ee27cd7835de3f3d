package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.raktakosh.stability.servlet.TimeoutConfig;
import org.raktakosh.stability.servlet.TimeoutFilter;
import org.raktakosh.stability.servlet.TimeoutMetrics;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class StabilityTimeoutAutoConfigurationTests {

  private static final String TIMEOUT = StabilityTimeoutAutoConfiguration.TIMEOUT_FILTER_BEAN;

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(StabilityTimeoutAutoConfiguration.class));

  @Test
  void timeoutFilterIsPresentByDefault() {
    runner.run(
        context -> {
          assertThat(context).hasBean(TIMEOUT).hasSingleBean(TimeoutFilter.class);
          assertThat(registration(context).getFilter())
              .isSameAs(context.getBean(TimeoutFilter.class));
        });
  }

  @Test
  void timeoutFilterRunsInsideErrorRecoveryForRequestAndAsyncDispatches() {
    runner.run(
        context -> {
          FilterRegistrationBean<?> registration = registration(context);
          assertThat(registration.getFilterName())
              .isEqualTo(StabilityInstaller.TIMEOUT_FILTER_NAME);
          assertThat(registration.getOrder())
              .isEqualTo(StabilityFilterOrders.TIMEOUT)
              .isGreaterThan(StabilityFilterOrders.ERROR_RECOVERY);
          assertThat(registration.determineDispatcherTypes())
              .containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ASYNC);
          assertThat(registration.isAsyncSupported()).isTrue();
        });
  }

  @Test
  void defaultsMatchThePlainServletDefaults() {
    runner.run(
        context -> {
          TimeoutConfig config = context.getBean(TimeoutConfig.class);
          TimeoutConfig defaults = TimeoutConfig.ofDefaults();
          assertThat(config.duration()).isEqualTo(defaults.duration()).hasSeconds(30);
          assertThat(config.status()).isEqualTo(defaults.status()).isEqualTo(503);
          assertThat(config.interruptWorker()).isEqualTo(defaults.interruptWorker()).isTrue();
          assertThat(config.retryAfter()).isEqualTo(defaults.retryAfter()).isEmpty();
          assertThat(config.stuckAfter()).isEqualTo(defaults.stuckAfter()).hasSeconds(10);
          assertThat(config.overrides()).isEmpty();
          assertThat(config.excludedPaths()).isEmpty();
          assertThat(config.excludeEventStreams()).isTrue();
          assertThat(config.excludeUpgrades()).isTrue();
        });
  }

  @Test
  void timeoutPropertiesReachTheFilterConfiguration() {
    runner
        .withPropertyValues(
            "stability.timeout.duration=2s",
            "stability.timeout.status=504",
            "stability.timeout.interrupt=false",
            "stability.timeout.retry-after=30s",
            "stability.timeout.stuck-after=1m",
            "stability.timeout.excluded-paths=/stream/**,/ws/*",
            "stability.timeout.exclude-event-streams=false",
            "stability.timeout.exclude-upgrades=false")
        .run(
            context -> {
              TimeoutConfig config = context.getBean(TimeoutFilter.class).config();
              assertThat(config.duration()).hasSeconds(2);
              assertThat(config.status()).isEqualTo(504);
              assertThat(config.interruptWorker()).isFalse();
              assertThat(config.retryAfter()).contains(Duration.ofSeconds(30));
              assertThat(config.stuckAfter()).hasMinutes(1);
              assertThat(config.excludedPaths()).containsExactly("/stream/**", "/ws/*");
              assertThat(config.timeoutFor("/stream/a/b")).isZero();
              assertThat(config.excludeEventStreams()).isFalse();
              assertThat(config.excludeUpgrades()).isFalse();
            });
  }

  @Test
  void bracketedPathPatternBindsFromProperties() {
    runner
        .withPropertyValues(
            "stability.timeout.duration=5s", "stability.timeout.paths[/reports/**]=2m")
        .run(
            context -> {
              TimeoutConfig config = context.getBean(TimeoutConfig.class);
              assertThat(config.overrides()).containsOnlyKeys("/reports/**");
              assertThat(config.timeoutFor("/reports/2024/q1")).hasMinutes(2);
              assertThat(config.timeoutFor("/donors")).hasSeconds(5);
            });
  }

  @Test
  void bracketedPathPatternsBindFromYaml() {
    runner
        .withInitializer(
            context -> {
              for (PropertySource<?> source : yaml("timeout.yml")) {
                context.getEnvironment().getPropertySources().addFirst(source);
              }
            })
        .run(
            context -> {
              TimeoutConfig config = context.getBean(TimeoutConfig.class);
              assertThat(config.overrides())
                  .containsExactly(
                      java.util.Map.entry("/reports/**", Duration.ofMinutes(2)),
                      java.util.Map.entry("/exports/*.csv", Duration.ZERO));
              assertThat(config.timeoutFor("/reports/q1")).hasMinutes(2);
              assertThat(config.timeoutFor("/exports/donors.csv")).isZero();
              assertThat(config.timeoutFor("/stream/events")).isZero();
              assertThat(config.timeoutFor("/donors")).hasSeconds(5);
            });
  }

  @Test
  void pathPatternWithoutLeadingSlashFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.timeout.paths[reports/**]=2m")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.timeout.paths[reports/**]")
                    .hasMessageContaining("must start with '/'"));
  }

  @Test
  void unbracketedPathPatternLosesItsSlashesAndFailsStartUp() {
    // Without brackets Boot drops the '/' and '*' of a map key, so the pattern cannot start with
    // '/' any more: start-up fails instead of timing the wrong paths.
    runner
        .withPropertyValues("stability.timeout.paths./reports/**=2m")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining("stability.timeout.paths");
            });
  }

  @Test
  void negativePathTimeoutFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.timeout.paths[/reports/**]=-1s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.timeout.paths[/reports/**]"));
  }

  @Test
  void excludedPathWithoutLeadingSlashFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.timeout.excluded-paths=/ok/**,stream/**")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.timeout.excluded-paths[1]"));
  }

  @Test
  void status500FailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.timeout.status=500")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.timeout.status")
                    .hasMessageContaining("500"));
  }

  @Test
  void status504IsAccepted() {
    runner
        .withPropertyValues("stability.timeout.status=504")
        .run(context -> assertThat(context.getBean(TimeoutConfig.class).status()).isEqualTo(504));
  }

  @Test
  void zeroDurationIsAcceptedAndMeansNoTimeout() {
    runner
        .withPropertyValues("stability.timeout.duration=0")
        .run(
            context ->
                assertThat(context.getBean(TimeoutConfig.class).timeoutFor("/donors")).isZero());
  }

  @Test
  void negativeDurationFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.timeout.duration=-1s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.timeout.duration"));
  }

  @Test
  void unparsableDurationFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.timeout.duration=thirty seconds")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining("stability.timeout.duration");
            });
  }

  @Test
  void zeroStuckAfterFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.timeout.stuck-after=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.timeout.stuck-after"));
  }

  @Test
  void zeroRetryAfterIsAccepted() {
    runner
        .withPropertyValues("stability.timeout.retry-after=0")
        .run(
            context ->
                assertThat(context.getBean(TimeoutConfig.class).retryAfter())
                    .contains(Duration.ZERO));
  }

  @Test
  void negativeRetryAfterFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.timeout.retry-after=-1s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.timeout.retry-after"));
  }

  @Test
  void misspeltTimeoutKeyFailsStartUpNamingIt() {
    runner
        .withPropertyValues("stability.timeout.durration=1s")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining("stability.timeout.durration");
            });
  }

  @Test
  void timeoutSwitchTurnsTheFilterOff() {
    runner
        .withPropertyValues("stability.timeout.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(TIMEOUT).doesNotHaveBean(TimeoutFilter.class);
            });
  }

  @Test
  void timeoutSwitchOffSkipsValidationOfTheOtherKeys() {
    // A switched-off feature should not block start-up over settings it will not use.
    runner
        .withPropertyValues("stability.timeout.enabled=false", "stability.timeout.status=500")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(TimeoutFilter.class));
  }

  @Test
  void masterSwitchTurnsTheFilterOff() {
    runner
        .withPropertyValues("stability.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
              assertThat(context).doesNotHaveBean(TimeoutFilter.class);
            });
  }

  @Test
  void nonWebApplicationGetsNoTimeoutFilter() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(StabilityTimeoutAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(TimeoutFilter.class));
  }

  @Test
  void userTimeoutConfigReplacesTheProperties() {
    runner
        .withUserConfiguration(UserConfigConfiguration.class)
        .withPropertyValues("stability.timeout.status=500")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(TimeoutFilter.class).config())
                  .isSameAs(UserConfigConfiguration.CONFIG);
            });
  }

  @Test
  void timerStopsWhenTheContextCloses() throws Exception {
    AtomicReference<TimeoutFilter> filter = new AtomicReference<>();
    AtomicInteger deadlinesWhileRunning = new AtomicInteger(-1);
    runner.run(
        context -> {
          filter.set(context.getBean(TimeoutFilter.class));
          filter
              .get()
              .doFilter(
                  new MockHttpServletRequest("GET", "/donors"),
                  new MockHttpServletResponse(),
                  (request, response) ->
                      deadlinesWhileRunning.set(filter.get().pendingDeadlines()));
          assertThat(deadlinesWhileRunning).as("timed while the context runs").hasValue(1);
        });

    // After close the timer takes no new deadline: its thread is gone with the context. A request
    // that still arrives is served, untimed, rather than failed.
    AtomicBoolean served = new AtomicBoolean();
    filter
        .get()
        .doFilter(
            new MockHttpServletRequest("GET", "/donors"),
            new MockHttpServletResponse(),
            (request, response) -> {
              deadlinesWhileRunning.set(filter.get().pendingDeadlines());
              served.set(true);
            });
    assertThat(served).isTrue();
    assertThat(deadlinesWhileRunning).hasValue(0);
  }

  @Test
  void meterRegistryGetsTimeoutMetricsThatCountTimeouts() {
    runner
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class))
        .withPropertyValues("stability.timeout.duration=50ms")
        .run(
            context -> {
              assertThat(context).hasSingleBean(TimeoutMetrics.class);
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(registry.find(TimeoutMetrics.STUCK).gauge()).isNotNull();
              assertThat(registry.find(TimeoutMetrics.STUCK_TOTAL).functionCounter()).isNotNull();

              MockHttpServletResponse response = new MockHttpServletResponse();
              registration(context)
                  .getFilter()
                  .doFilter(
                      new MockHttpServletRequest("GET", "/donors"),
                      response,
                      (request, res) -> waitForInterrupt());

              assertThat(response.getStatus()).isEqualTo(503);
              assertThat(
                      registry
                          .find(TimeoutMetrics.TIMEOUTS)
                          .tag("committed", "false")
                          .functionCounter()
                          .count())
                  .isEqualTo(1.0);
              assertThat(
                      registry
                          .find(TimeoutMetrics.TIMEOUTS)
                          .tag("committed", "true")
                          .functionCounter()
                          .count())
                  .isZero();
            });
  }

  @Test
  void withoutAMeterRegistryThereAreNoTimeoutMetrics() {
    runner.run(context -> assertThat(context).doesNotHaveBean(TimeoutMetrics.class));
  }

  @Test
  void withoutMicrometerTheTimeoutFilterStillWorks() {
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasBean(TIMEOUT).doesNotHaveBean(TimeoutMetrics.class);
            });
  }

  private static FilterRegistrationBean<?> registration(AssertableWebApplicationContext context) {
    return context.getBean(TIMEOUT, FilterRegistrationBean.class);
  }

  /** A handler that blocks until the filter interrupts it (at most 5 s, should it never come). */
  private static void waitForInterrupt() {
    try {
      new CountDownLatch(1).await(5, TimeUnit.SECONDS);
    } catch (InterruptedException expected) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<PropertySource<?>> yaml(String resource) {
    try {
      return new YamlPropertySourceLoader().load(resource, new ClassPathResource(resource));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserConfigConfiguration {
    static final TimeoutConfig CONFIG =
        TimeoutConfig.custom().duration(Duration.ofSeconds(7)).build();

    @Bean
    TimeoutConfig userTimeoutConfig() {
      return CONFIG;
    }
  }
}
