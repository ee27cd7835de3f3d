package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.raktakosh.stability.servlet.ShutdownGateFilter;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.raktakosh.stability.shutdown.GracefulShutdown;
import org.raktakosh.stability.shutdown.ShutdownConfig;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

class StabilityShutdownAutoConfigurationTests {

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(StabilityShutdownAutoConfiguration.class));

  @Test
  void gateReadinessCheckAndLifecycleAreOnByDefault() {
    runner
        .withPropertyValues(
            "stability.shutdown.readiness-delay=200ms", "stability.shutdown.grace-period=20s")
        .run(
            context -> {
              ShutdownConfig config = context.getBean(GracefulShutdown.class).config();
              assertThat(config.readinessDelay()).isEqualTo(Duration.ofMillis(200));
              assertThat(config.gracePeriod()).isEqualTo(Duration.ofSeconds(20));
              FilterRegistrationBean<?> gate =
                  context.getBean(
                      StabilityShutdownAutoConfiguration.SHUTDOWN_GATE_FILTER_BEAN,
                      FilterRegistrationBean.class);
              assertThat(gate.getFilter()).isInstanceOf(ShutdownGateFilter.class);
              assertThat(gate.getFilterName())
                  .isEqualTo(StabilityInstaller.SHUTDOWN_GATE_FILTER_NAME);
              assertThat(gate.getOrder())
                  .isGreaterThan(StabilityFilterOrders.CORS)
                  .isLessThan(StabilityFilterOrders.CONCURRENCY_LIMIT - 1);
              assertThat(gate.determineDispatcherTypes()).containsExactly(DispatcherType.REQUEST);
              HealthCheckRegistration check = context.getBean(HealthCheckRegistration.class);
              assertThat(check.name()).isEqualTo("shutdown");
              assertThat(check.options().readinessGate()).isTrue();
              assertThat(context.getBean(StabilityShutdownLifecycle.class).getPhase())
                  .isGreaterThan(Integer.MAX_VALUE - 1024);
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"stability.shutdown.enabled=false", "stability.enabled=false"})
  void switchesTurnItOff(String property) {
    runner
        .withPropertyValues(property)
        .run(context -> assertThat(context).doesNotHaveBean(GracefulShutdown.class));
  }

  @Test
  void negativeGracePeriodFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.shutdown.grace-period=-1s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.shutdown.grace-period"));
  }

  @Test
  void stoppingOrPausingTheContextWithoutClosingItDrainsNothing() {
    runner.run(
        context -> {
          GracefulShutdown shutdown = context.getBean(GracefulShutdown.class);
          StabilityShutdownLifecycle lifecycle = context.getBean(StabilityShutdownLifecycle.class);
          assertThat(lifecycle.isPauseable()).isFalse();

          context.stop();
          assertThat(lifecycle.isRunning()).isFalse();
          context.start();

          assertThat(lifecycle.isRunning()).isTrue();
          assertThat(shutdown.state())
              .isEqualTo(org.raktakosh.stability.shutdown.ShutdownState.RUNNING);
          assertThat(shutdown.isAccepting()).isTrue();
        });
  }

  @Test
  void lifecycleRunsTheShutdownWhenTheContextCloses() {
    GracefulShutdown[] seen = new GracefulShutdown[1];
    runner.run(
        context -> {
          seen[0] = context.getBean(GracefulShutdown.class);
          assertThat(context.getBean(StabilityShutdownLifecycle.class).isRunning()).isTrue();
        });
    assertThat(seen[0].state()).isEqualTo(org.raktakosh.stability.shutdown.ShutdownState.STOPPED);
  }
}
