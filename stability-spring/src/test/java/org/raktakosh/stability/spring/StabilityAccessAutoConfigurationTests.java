package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.servlet.CorsConfig;
import org.raktakosh.stability.servlet.CorsFilter;
import org.raktakosh.stability.servlet.CorsMetrics;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.raktakosh.stability.servlet.TrustedHostConfig;
import org.raktakosh.stability.servlet.TrustedHostMetrics;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

class StabilityAccessAutoConfigurationTests {

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  StabilityCorsAutoConfiguration.class,
                  StabilityTrustedHostAutoConfiguration.class));

  private static FilterRegistrationBean<?> registration(
      org.springframework.context.ApplicationContext context, String name) {
    return context.getBean(name, FilterRegistrationBean.class);
  }

  @Test
  void bothAreRegisteredButDisabledUntilConfigured() {
    runner.run(
        context -> {
          assertThat(
                  registration(context, StabilityCorsAutoConfiguration.CORS_FILTER_BEAN)
                      .isEnabled())
              .isFalse();
          assertThat(
                  registration(
                          context, StabilityTrustedHostAutoConfiguration.TRUSTED_HOST_FILTER_BEAN)
                      .isEnabled())
              .isFalse();
        });
  }

  @Test
  void configuredFiltersSitRightAfterTheRequestIdInArchitectureOrder() {
    runner
        .withPropertyValues(
            "stability.cors.allowed-origins=https://app.raktakosh.org",
            "stability.trusted-hosts.allowed-hosts=localhost,[::1]")
        .run(
            context -> {
              FilterRegistrationBean<?> cors =
                  registration(context, StabilityCorsAutoConfiguration.CORS_FILTER_BEAN);
              FilterRegistrationBean<?> hosts =
                  registration(
                      context, StabilityTrustedHostAutoConfiguration.TRUSTED_HOST_FILTER_BEAN);
              assertThat(cors.isEnabled()).isTrue();
              assertThat(hosts.isEnabled()).isTrue();
              assertThat(hosts.getOrder()).isEqualTo(StabilityFilterOrders.TRUSTED_HOST);
              assertThat(cors.getOrder()).isEqualTo(StabilityFilterOrders.CORS);
              assertThat(cors.getFilterName()).isEqualTo(StabilityInstaller.CORS_FILTER_NAME);
              assertThat(cors.determineDispatcherTypes())
                  .containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ERROR);
              assertThat(hosts.determineDispatcherTypes()).containsExactly(DispatcherType.REQUEST);
            });
  }

  @Test
  void theProfilePropertyChoosesAPolicyThatInheritsTheTopLevelKeys() {
    runner
        .withPropertyValues(
            "stability.cors.profile=dev",
            "stability.cors.allow-credentials=true",
            "stability.cors.profiles.dev.allowed-origin-patterns=http://localhost:[5173,4173]",
            "stability.cors.profiles.prod.allowed-origins=https://raktakosh.org",
            "stability.cors.paths[/public/**].allowed-origins=*",
            "stability.cors.paths[/public/**].allow-credentials=false")
        .run(
            context -> {
              CorsConfig config = context.getBean(CorsConfig.class);
              assertThat(config.activeProfile()).contains("dev");
              assertThat(config.policy().allowedOriginPatterns())
                  .containsExactly("http://localhost:[5173,4173]");
              assertThat(config.policy().allowCredentials()).isTrue();
              assertThat(config.profiles()).containsKeys("dev", "prod");
              assertThat(config.paths().get("/public/**").allowedOrigins()).containsExactly("*");
            });
  }

  @Test
  void wildcardOriginsWithCredentialsFailStartUpNamingTheKey() {
    runner
        .withPropertyValues(
            "stability.cors.allowed-origins=*", "stability.cors.allow-credentials=true")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.cors.allowed-origins"));
  }

  @Test
  void malformedPatternsNegativeMaxAgeAndUnknownProfilesFailNamingTheKey() {
    runner
        .withPropertyValues("stability.cors.profiles.prod.allowed-origin-patterns=https://a.*.org")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("stability.cors.profiles.prod.allowed-origin-patterns"));
    runner
        .withPropertyValues(
            "stability.cors.allowed-origins=https://a.org", "stability.cors.max-age=-1s")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("stability.cors.max-age"));
    runner
        .withPropertyValues("stability.cors.profile=qa")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("stability.cors.profile"));
    runner
        .withPropertyValues("stability.trusted-hosts.allowed-hosts=bad host")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("stability.trusted-hosts.allowed-hosts"));
  }

  @Test
  void unsetTrustedHostsInTheProdProfileLogAWarning() {
    Logger logger = (Logger) LoggerFactory.getLogger(StabilityTrustedHostAutoConfiguration.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      runner.withPropertyValues("spring.profiles.active=dev").run(context -> {});
      assertThat(logs.list).isEmpty();
      runner.withPropertyValues("spring.profiles.active=prod").run(context -> {});
      runner
          .withPropertyValues(
              "spring.profiles.active=prod", "stability.trusted-hosts.allowed-hosts=example.org")
          .run(context -> {});
    } finally {
      logger.detachAppender(logs);
    }
    assertThat(logs.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage())
                  .contains("stability.trusted-hosts.allowed-hosts");
            });
  }

  @Test
  void metricsAreBoundWhenARegistryExists() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("stability.cors.allowed-origins=https://a.org")
        .run(
            context -> {
              assertThat(context).hasSingleBean(CorsMetrics.class);
              assertThat(context).hasSingleBean(TrustedHostMetrics.class);
              assertThat(context).hasSingleBean(CorsFilter.class);
            });
  }

  @Test
  void applicationBeansWinAndTheSwitchesRemoveTheFilters() {
    runner
        .withBean(
            TrustedHostConfig.class, () -> TrustedHostConfig.custom().allowedHosts("x").build())
        .run(
            context ->
                assertThat(context.getBean(TrustedHostConfig.class).allowedHosts())
                    .containsExactly("x"));
    runner
        .withPropertyValues(
            "stability.cors.enabled=false",
            "stability.trusted-hosts.enabled=false",
            "stability.cors.allowed-origins=https://a.org")
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(CorsFilter.class)
                    .doesNotHaveBean(TrustedHostConfig.class));
  }
}
