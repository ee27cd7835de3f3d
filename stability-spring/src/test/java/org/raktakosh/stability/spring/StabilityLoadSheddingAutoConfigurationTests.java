package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.raktakosh.stability.servlet.ConcurrencyLimitConfig;
import org.raktakosh.stability.servlet.ConcurrencyLimitFilter;
import org.raktakosh.stability.servlet.RateLimitConfig;
import org.raktakosh.stability.servlet.RateLimitFilter;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

class StabilityLoadSheddingAutoConfigurationTests {

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(StabilityLoadSheddingAutoConfiguration.class));

  @Test
  void loadSheddingIsOffUnlessSwitchedOn() {
    runner.run(
        context ->
            assertThat(context)
                .doesNotHaveBean(ConcurrencyLimitFilter.class)
                .doesNotHaveBean(RateLimitFilter.class));
  }

  @Test
  void concurrencyLimitIsMountedInsideTheRequestIdAndOutsideErrorRecovery() {
    runner
        .withPropertyValues(
            "stability.concurrency-limit.enabled=true",
            "stability.concurrency-limit.max-concurrent=50",
            "stability.concurrency-limit.retry-after=3s",
            "stability.concurrency-limit.excluded-paths=/health,/backup-health")
        .run(
            context -> {
              ConcurrencyLimitConfig config = context.getBean(ConcurrencyLimitConfig.class);
              assertThat(config.maxConcurrent()).isEqualTo(50);
              assertThat(config.retryAfter()).isEqualTo(Duration.ofSeconds(3));
              assertThat(config.excludedPaths()).containsExactly("/health", "/backup-health");
              FilterRegistrationBean<?> registration =
                  context.getBean(
                      StabilityLoadSheddingAutoConfiguration.CONCURRENCY_LIMIT_FILTER_BEAN,
                      FilterRegistrationBean.class);
              assertThat(registration.getFilter())
                  .isSameAs(context.getBean(ConcurrencyLimitFilter.class));
              assertThat(registration.getFilterName())
                  .isEqualTo(StabilityInstaller.CONCURRENCY_LIMIT_FILTER_NAME);
              assertThat(registration.getOrder())
                  .isGreaterThan(StabilityFilterOrders.REQUEST_ID)
                  .isLessThan(StabilityFilterOrders.ERROR_RECOVERY);
              assertThat(registration.determineDispatcherTypes())
                  .containsExactly(DispatcherType.REQUEST);
              assertThat(
                      context
                          .getBean(ConcurrencyLimitFilter.class)
                          .bulkhead()
                          .getBulkheadConfig()
                          .getMaxConcurrentCalls())
                  .isEqualTo(50);
            });
  }

  @Test
  void rateLimitIsMountedBeforeTheConcurrencyLimit() {
    runner
        .withPropertyValues(
            "stability.rate-limit.enabled=true",
            "stability.rate-limit.limit-for-period=10",
            "stability.rate-limit.refresh-period=2s",
            "stability.rate-limit.key=header:X-Api-Key",
            "stability.rate-limit.max-keys=500")
        .run(
            context -> {
              RateLimitConfig config = context.getBean(RateLimitConfig.class);
              assertThat(config.limitForPeriod()).isEqualTo(10);
              assertThat(config.refreshPeriod()).isEqualTo(Duration.ofSeconds(2));
              assertThat(config.key().headerName()).contains("X-Api-Key");
              assertThat(config.maxKeys()).isEqualTo(500);
              FilterRegistrationBean<?> registration =
                  context.getBean(
                      StabilityLoadSheddingAutoConfiguration.RATE_LIMIT_FILTER_BEAN,
                      FilterRegistrationBean.class);
              assertThat(registration.getOrder())
                  .isGreaterThan(StabilityFilterOrders.REQUEST_ID)
                  .isLessThan(StabilityFilterOrders.CONCURRENCY_LIMIT);
            });
  }

  @Test
  void masterSwitchTurnsLoadSheddingOff() {
    runner
        .withPropertyValues(
            "stability.enabled=false",
            "stability.concurrency-limit.enabled=true",
            "stability.rate-limit.enabled=true")
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(ConcurrencyLimitFilter.class)
                    .doesNotHaveBean(RateLimitFilter.class));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "stability.concurrency-limit.enabled=true|stability.concurrency-limit.max-concurrent=0|stability.concurrency-limit.max-concurrent",
        "stability.concurrency-limit.enabled=true|stability.concurrency-limit.max-wait=-1s|stability.concurrency-limit.max-wait",
        "stability.concurrency-limit.enabled=true|stability.concurrency-limit.excluded-paths=health|stability.concurrency-limit.excluded-paths",
        "stability.rate-limit.enabled=true|stability.rate-limit.key=cookie|stability.rate-limit.key",
        "stability.rate-limit.enabled=true|stability.rate-limit.limit-for-period=0|stability.rate-limit.limit-for-period",
        "stability.rate-limit.enabled=true|stability.rate-limit.evict-idle-after=1ms|stability.rate-limit.evict-idle-after"
      })
  void badValueFailsStartUpNamingTheKey(String enable, String bad, String key) {
    runner
        .withPropertyValues(enable, bad)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining(key));
  }
}
