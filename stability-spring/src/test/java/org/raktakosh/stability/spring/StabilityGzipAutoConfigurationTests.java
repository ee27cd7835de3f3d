package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.servlet.GzipConfig;
import org.raktakosh.stability.servlet.GzipFilter;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

class StabilityGzipAutoConfigurationTests {

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(StabilityGzipAutoConfiguration.class));

  @Test
  void gzipIsOnByDefaultInnermost() {
    runner.run(
        context -> {
          FilterRegistrationBean<?> registration =
              context.getBean(
                  StabilityGzipAutoConfiguration.GZIP_FILTER_BEAN, FilterRegistrationBean.class);
          assertThat(registration.getFilter()).isSameAs(context.getBean(GzipFilter.class));
          assertThat(registration.getFilterName()).isEqualTo(StabilityInstaller.GZIP_FILTER_NAME);
          assertThat(registration.getOrder())
              .isEqualTo(StabilityFilterOrders.GZIP)
              .isGreaterThan(StabilityFilterOrders.TIMEOUT);
          assertThat(registration.determineDispatcherTypes())
              .containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ASYNC);
          assertThat(context.getBean(GzipConfig.class).minSize()).isEqualTo(1024);
        });
  }

  @Test
  void propertiesReachTheFilter() {
    runner
        .withPropertyValues(
            "stability.gzip.min-size=2KB",
            "stability.gzip.level=4",
            "stability.gzip.included-types=text/*,application/json",
            "stability.gzip.excluded-paths=/downloads/**",
            "stability.gzip.max-inflated-size=1MB",
            "stability.gzip.max-form-size=64KB",
            "stability.gzip.max-form-parameters=20",
            "stability.gzip.inflate-requests=false")
        .run(
            context -> {
              GzipConfig config = context.getBean(GzipFilter.class).config();
              assertThat(config.minSize()).isEqualTo(2048);
              assertThat(config.level()).isEqualTo(4);
              assertThat(config.includedTypes()).containsExactly("text/*", "application/json");
              assertThat(config.excludedPaths()).containsExactly("/downloads/**");
              assertThat(config.maxInflatedSize()).isEqualTo(1024 * 1024);
              assertThat(config.maxFormSize()).isEqualTo(64 * 1024);
              assertThat(config.maxFormParameters()).isEqualTo(20);
              assertThat(config.inflateRequests()).isFalse();
            });
  }

  @Test
  void aFormLimitOfZeroFailsStartUpNamingItsKey() {
    runner
        .withPropertyValues("stability.gzip.max-form-parameters=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.gzip.max-form-parameters"));
  }

  @Test
  void badValueFailsStartUpNamingItsKey() {
    runner
        .withPropertyValues("stability.gzip.level=11")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.gzip.level"));
  }

  @Test
  void switchOrMasterSwitchRemovesIt() {
    runner
        .withPropertyValues("stability.gzip.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(GzipFilter.class));
    runner
        .withPropertyValues("stability.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(GzipFilter.class));
  }

  @Test
  void bootCompressionAlsoOnIsWarnedAboutAtStartUp() {
    Logger logger = (Logger) LoggerFactory.getLogger(StabilityGzipAutoConfiguration.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      runner.run(context -> assertThat(context).hasNotFailed());
      synchronized (logs) {
        assertThat(logs.list).isEmpty();
      }
      runner
          .withPropertyValues("server.compression.enabled=true")
          .run(context -> assertThat(context).hasNotFailed());
      synchronized (logs) {
        assertThat(logs.list)
            .singleElement()
            .satisfies(e -> assertThat(e.getFormattedMessage()).contains("server.compression"));
      }
    } finally {
      logger.detachAppender(logs);
    }
  }
}
