package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.problem.ExceptionMappings;
import org.raktakosh.stability.problem.Problem;
import org.raktakosh.stability.servlet.ErrorListener;
import org.raktakosh.stability.servlet.ErrorMetrics;
import org.raktakosh.stability.servlet.ErrorRecoveryConfig;
import org.raktakosh.stability.servlet.ErrorRecoveryFilter;
import org.raktakosh.stability.servlet.RequestIdFilter;
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
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class StabilityErrorsAutoConfigurationTests {

  private static final String REQUEST_ID = StabilityErrorsAutoConfiguration.REQUEST_ID_FILTER_BEAN;
  private static final String ERRORS = StabilityErrorsAutoConfiguration.ERROR_RECOVERY_FILTER_BEAN;

  private static final String NESTED = Nested.class.getName();

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(StabilityErrorsAutoConfiguration.class));

  @Test
  void bothFiltersArePresentByDefault() {
    runner.run(
        context -> {
          assertThat(context).hasBean(REQUEST_ID).hasBean(ERRORS);
          assertThat(registration(context, REQUEST_ID).getFilter())
              .isInstanceOf(RequestIdFilter.class);
          assertThat(registration(context, ERRORS).getFilter())
              .isInstanceOf(ErrorRecoveryFilter.class);
        });
  }

  @Test
  void errorRecoveryKnowsItIsMountedForAsyncDispatchesAndCutsOffFromTheFirstRequest() {
    runner.run(
        context -> {
          Filter filter = registration(context, ERRORS).getFilter();
          MockHttpServletRequest request = new MockHttpServletRequest("GET", "/async");
          request.setAsyncSupported(true);
          MockHttpServletResponse response = new MockHttpServletResponse();

          filter.doFilter(
              request,
              response,
              (req, res) ->
                  req.startAsync()
                      .start(
                          () -> {
                            try {
                              res.getWriter().write("partial");
                              res.flushBuffer();
                            } catch (IOException e) {
                              throw new UncheckedIOException(e);
                            }
                            throw new IllegalStateException("after commit");
                          }));

          // No ASYNC dispatch has passed the filter, yet it cuts off: it dispatched once more (a
          // filter not known to be mounted for them would have completed the request).
          assertThat(response.isCommitted()).isTrue();
          assertThat(((MockAsyncContext) request.getAsyncContext()).getDispatchedPath())
              .isEqualTo("/async");
        });
  }

  @Test
  void requestIdIsOutermostForRequestAsyncAndErrorDispatches() {
    runner.run(
        context -> {
          FilterRegistrationBean<?> requestId = registration(context, REQUEST_ID);
          FilterRegistrationBean<?> errors = registration(context, ERRORS);
          assertThat(requestId.getOrder()).isEqualTo(StabilityFilterOrders.REQUEST_ID);
          assertThat(requestId.getOrder()).isLessThan(errors.getOrder());
          assertThat(requestId.determineDispatcherTypes())
              .containsExactlyInAnyOrder(
                  DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
          assertThat(requestId.isAsyncSupported()).isTrue();
        });
  }

  @Test
  void errorRecoveryRunsForRequestAsyncAndErrorDispatches() {
    runner.run(
        context -> {
          FilterRegistrationBean<?> errors = registration(context, ERRORS);
          assertThat(errors.getOrder()).isEqualTo(StabilityFilterOrders.ERROR_RECOVERY);
          assertThat(errors.determineDispatcherTypes())
              .containsExactlyInAnyOrder(
                  DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
          assertThat(errors.isAsyncSupported()).isTrue();
        });
  }

  @Test
  void filterOrdersFollowTheArchitectureTable() {
    assertThat(
            List.of(
                StabilityFilterOrders.REQUEST_ID,
                StabilityFilterOrders.TRUSTED_HOST,
                StabilityFilterOrders.CORS,
                StabilityFilterOrders.SHUTDOWN_GATE,
                StabilityFilterOrders.CONCURRENCY_LIMIT,
                StabilityFilterOrders.ERROR_RECOVERY,
                StabilityFilterOrders.TIMEOUT,
                StabilityFilterOrders.GZIP))
        .isSorted()
        .doesNotHaveDuplicates()
        // Inside Spring Security's default order, so CORS and shedding come before it.
        .allSatisfy(order -> assertThat(order).isLessThan(-100));
  }

  @Test
  void requestIdSwitchTurnsOnlyTheRequestIdFilterOff() {
    runner
        .withPropertyValues("stability.request-id.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(REQUEST_ID).hasBean(ERRORS));
  }

  @Test
  void problemDetailAdviceIsThereByDefaultAndGoesWithItsSwitchOrTheRequestIdSwitch() {
    runner.run(context -> assertThat(context).hasSingleBean(ProblemDetailRequestId.class));
    runner
        .withPropertyValues("stability.request-id.problem-details=false")
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(ProblemDetailRequestId.class)
                    .hasBean(REQUEST_ID));
    runner
        .withPropertyValues("stability.request-id.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(ProblemDetailRequestId.class));
  }

  @Test
  void errorsSwitchTurnsOnlyTheErrorFilterOff() {
    runner
        .withPropertyValues("stability.errors.enabled=false")
        .run(
            context -> {
              assertThat(context).hasBean(REQUEST_ID).doesNotHaveBean(ERRORS);
              assertThat(context).doesNotHaveBean(ErrorRecoveryConfig.class);
            });
  }

  @Test
  void tomcatErrorReportIsProblemJsonUnlessSwitchedOff() {
    String valve = "stabilityTomcatErrorReport";
    runner.run(context -> assertThat(context).hasBean(valve));
    runner
        .withPropertyValues("stability.errors.container-rejections=false")
        .run(context -> assertThat(context).hasBean(ERRORS).doesNotHaveBean(valve));
    runner
        .withPropertyValues("stability.errors.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(valve));
    runner
        .withClassLoader(new FilteredClassLoader("org.apache.catalina"))
        .run(context -> assertThat(context).hasNotFailed().hasBean(ERRORS).doesNotHaveBean(valve));
  }

  @Test
  void masterSwitchTurnsBothFiltersOff() {
    runner
        .withPropertyValues("stability.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(REQUEST_ID).doesNotHaveBean(ERRORS);
              assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
            });
  }

  @Test
  void nonWebApplicationGetsNoFilters() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(StabilityErrorsAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
  }

  @Test
  void defaultsMatchThePlainServletDefaults() {
    runner.run(
        context -> {
          ErrorRecoveryConfig config = context.getBean(ErrorRecoveryConfig.class);
          ErrorRecoveryConfig defaults = ErrorRecoveryConfig.ofDefaults();
          assertThat(config.includeDetails()).isEqualTo(defaults.includeDetails()).isFalse();
          assertThat(config.problemForSendError())
              .isEqualTo(defaults.problemForSendError())
              .isTrue();
          assertThat(config.mappings().asMap()).isEmpty();
          assertThat(context.getBean(StabilityProperties.class).getRequestId().getHeader())
              .isEqualTo(RequestIdFilter.DEFAULT_HEADER);
        });
  }

  @Test
  void errorPropertiesReachTheFilterConfiguration() {
    runner
        .withPropertyValues(
            "stability.errors.include-details=true",
            "stability.errors.problem-for-send-error=false",
            "stability.errors.mappings[java.lang.IllegalArgumentException]=400",
            "stability.errors.mappings[java.lang.UnsupportedOperationException]=501")
        .run(
            context -> {
              ErrorRecoveryConfig config = context.getBean(ErrorRecoveryConfig.class);
              assertThat(config.includeDetails()).isTrue();
              assertThat(config.problemForSendError()).isFalse();
              assertThat(statusFor(config, new NumberFormatException())).isEqualTo(400);
              assertThat(statusFor(config, new UnsupportedOperationException())).isEqualTo(501);
            });
  }

  @Test
  void dottedMappingKeyWithoutBracketsKeepsTheClassName() {
    runner
        .withPropertyValues("stability.errors.mappings.java.lang.IllegalArgumentException=400")
        .run(
            context ->
                assertThat(context.getBean(StabilityProperties.class).getErrors().getMappings())
                    .containsExactly(Map.entry("java.lang.IllegalArgumentException", 400)));
  }

  @Test
  void bracketsKeepTheDollarSignOfANestedClass() {
    runner
        .withPropertyValues("stability.errors.mappings[" + NESTED + "]=422")
        .run(
            context ->
                assertThat(statusFor(context.getBean(ErrorRecoveryConfig.class), new Nested()))
                    .isEqualTo(422));
  }

  @Test
  void nestedClassWithoutBracketsLosesItsDollarSignAndFailsStartUp() {
    runner
        .withPropertyValues("stability.errors.mappings." + NESTED + "=422")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining(NESTED.replace("$", "")));
  }

  @Test
  void interfaceImplementedByExceptionsCanBeMapped() {
    runner
        .withPropertyValues("stability.errors.mappings[java.util.Map$Entry]=400")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(ErrorRecoveryConfig.class)
                            .mappings()
                            .asMap()
                            .get(java.util.Map.Entry.class)
                            .status())
                    .isEqualTo(400));
  }

  @Test
  void classThatIsNotAnExceptionIsRejectedNamingTheKey() {
    runner
        .withPropertyValues("stability.errors.mappings[java.lang.String]=400")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("stability.errors.mappings[java.lang.String]"));
  }

  @Test
  void mappingsReadFromYaml() {
    runner
        .withInitializer(
            context -> {
              for (PropertySource<?> source : yaml("mappings.yml")) {
                context.getEnvironment().getPropertySources().addFirst(source);
              }
            })
        .run(
            context ->
                assertThat(context.getBean(StabilityProperties.class).getErrors().getMappings())
                    .containsExactly(
                        Map.entry("java.lang.IllegalArgumentException", 400),
                        Map.entry("java.lang.UnsupportedOperationException", 501),
                        Map.entry("java.lang.IllegalStateException", 409)));
  }

  @Test
  void unknownMappedClassFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.errors.mappings[com.example.NoSuchException]=400")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.errors.mappings[com.example.NoSuchException]")
                    .hasMessageContaining("no class com.example.NoSuchException"));
  }

  @Test
  void mappedClassThatIsNotAnExceptionFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.errors.mappings[java.lang.String]=400")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.errors.mappings[java.lang.String]")
                    .hasMessageContaining("not an exception type"));
  }

  @Test
  void mappedStatusBelow400FailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.errors.mappings[java.lang.IllegalArgumentException]=399")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining(
                        "stability.errors.mappings[java.lang.IllegalArgumentException]")
                    .hasMessageContaining("399"));
  }

  @Test
  void mappedStatusAbove599FailsStartUp() {
    runner
        .withPropertyValues("stability.errors.mappings[java.lang.IllegalArgumentException]=600")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "stability.errors.mappings[java.lang.IllegalArgumentException]"));
  }

  @Test
  void mappedStatusBoundariesAreAccepted() {
    runner
        .withPropertyValues(
            "stability.errors.mappings[java.lang.IllegalArgumentException]=400",
            "stability.errors.mappings[java.lang.IllegalStateException]=599")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void nonNumericStatusFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.errors.mappings[java.lang.IllegalArgumentException]=bad")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining("stability.errors.mappings");
            });
  }

  @Test
  void invalidHeaderNameFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.request-id.header=X Request Id")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.request-id.header"));
  }

  @Test
  void misspeltErrorsKeyFailsStartUpNamingIt() {
    runner
        .withPropertyValues("stability.errors.include-detials=true")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining("stability.errors.include-detials");
            });
  }

  @Test
  void userErrorRecoveryConfigReplacesTheProperties() {
    runner
        .withUserConfiguration(UserConfigConfiguration.class)
        .withPropertyValues("stability.errors.mappings[com.example.NoSuchException]=400")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(ErrorRecoveryConfig.class))
                  .isSameAs(UserConfigConfiguration.CONFIG);
            });
  }

  @Test
  void errorListenerBeansHearTheFilter() {
    runner
        .withUserConfiguration(ListenerConfiguration.class)
        .run(
            context -> {
              failThrough(registration(context, ERRORS));
              assertThat(context.getBean(RecordingListener.class).statuses).containsExactly(500);
            });
  }

  @Test
  void meterRegistryGetsErrorMetricsThatCountWhatTheFilterAnswers() {
    runner
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class))
        .run(
            context -> {
              assertThat(context).hasSingleBean(ErrorMetrics.class);
              failThrough(registration(context, ERRORS));
              // Bound to the registry by Boot and added to the filter as a listener.
              assertThat(
                      context
                          .getBean(MeterRegistry.class)
                          .find(ErrorMetrics.ERRORS)
                          .tag("status", "500")
                          .counter())
                  .isNotNull()
                  .satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
            });
  }

  @Test
  void withoutAMeterRegistryThereAreNoErrorMetrics() {
    runner.run(context -> assertThat(context).doesNotHaveBean(ErrorMetrics.class));
  }

  @Test
  void withoutMicrometerTheFiltersStillWork() {
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasBean(REQUEST_ID).hasBean(ERRORS);
              assertThat(context).doesNotHaveBean(ErrorMetrics.class);
            });
  }

  private static FilterRegistrationBean<?> registration(
      AssertableWebApplicationContext context, String name) {
    return context.getBean(name, FilterRegistrationBean.class);
  }

  private static int statusFor(ErrorRecoveryConfig config, Throwable error) {
    return config.mappings().find(error).map(ExceptionMappings.Mapping::status).orElse(500);
  }

  /** Sends one request through the registered filter to a chain that throws. */
  private static void failThrough(FilterRegistrationBean<?> registration) throws Exception {
    registration
        .getFilter()
        .doFilter(
            new MockHttpServletRequest("GET", "/orders"),
            new MockHttpServletResponse(),
            (request, response) -> {
              throw new IllegalStateException("boom");
            });
  }

  private static List<PropertySource<?>> yaml(String resource) {
    try {
      return new YamlPropertySourceLoader().load(resource, new ClassPathResource(resource));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A nested exception class, whose binary name has a '$'. */
  static final class Nested extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  @Configuration(proxyBeanMethods = false)
  static class UserConfigConfiguration {
    static final ErrorRecoveryConfig CONFIG =
        ErrorRecoveryConfig.custom().includeDetails(true).build();

    @Bean
    ErrorRecoveryConfig userErrorRecoveryConfig() {
      return CONFIG;
    }
  }

  /** Records the status of every problem the filter answers. */
  static final class RecordingListener implements ErrorListener {
    final List<Integer> statuses = new CopyOnWriteArrayList<>();

    @Override
    public void onProblem(HttpServletRequest request, Problem problem, Throwable error) {
      statuses.add(problem.status());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ListenerConfiguration {
    @Bean
    RecordingListener auditListener() {
      return new RecordingListener();
    }
  }
}
