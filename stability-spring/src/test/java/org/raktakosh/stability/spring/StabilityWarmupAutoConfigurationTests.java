package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.raktakosh.stability.health.Status;
import org.raktakosh.stability.servlet.Warmup;
import org.raktakosh.stability.servlet.WarmupConfig;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

class StabilityWarmupAutoConfigurationTests {

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(StabilityWarmupAutoConfiguration.class));

  @Test
  void offByDefault() {
    runner
        .withPropertyValues("stability.warmup.paths=/a")
        .run(context -> assertThat(context).doesNotHaveBean(Warmup.class));
  }

  @Test
  void stabilityEnabledFalseTurnsItOffToo() {
    runner
        .withPropertyValues(
            "stability.enabled=false", "stability.warmup.enabled=true", "stability.warmup.paths=/a")
        .run(context -> assertThat(context).doesNotHaveBean(Warmup.class));
  }

  @Test
  void keysReachTheWarmupAndItsGateIsRegistered() {
    runner
        .withPropertyValues(
            "stability.warmup.enabled=true",
            "stability.warmup.paths=/api/items, /api/items?page=2",
            "stability.warmup.requests=500",
            "stability.warmup.concurrency=8",
            "stability.warmup.timeout=20s",
            "stability.warmup.base-url=http://localhost:9000")
        .run(
            context -> {
              WarmupConfig config = context.getBean(Warmup.class).config();
              assertThat(config.paths()).containsExactly("/api/items", "/api/items?page=2");
              assertThat(config.requests()).isEqualTo(500);
              assertThat(config.concurrency()).isEqualTo(8);
              assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(20));
              assertThat(config.baseUri()).hasValue(URI.create("http://localhost:9000"));
              HealthCheckRegistration gate = context.getBean(HealthCheckRegistration.class);
              assertThat(gate.name()).isEqualTo(StabilityWarmupAutoConfiguration.CHECK_NAME);
              assertThat(gate.options().readinessGate()).isTrue();
              assertThat(gate.options().cacheTtl()).isZero();
              assertThat(gate.check().check().status()).isEqualTo(Status.DOWN);
            });
  }

  @Test
  @SuppressWarnings("unchecked")
  void withoutAServerPortTheWarmupIsSkippedAndReadinessIsNotHeldBack() {
    runner
        .withPropertyValues("stability.warmup.enabled=true", "stability.warmup.paths=/a")
        .run(
            context -> {
              Warmup warmup = context.getBean(Warmup.class);
              ApplicationListener<ApplicationReadyEvent> starter =
                  context.getBean("stabilityWarmupStarter", ApplicationListener.class);

              starter.onApplicationEvent(null);

              assertThat(warmup.isDone()).isTrue();
              assertThat(context.getBean(HealthCheckRegistration.class).check().check().status())
                  .isEqualTo(Status.UP);
            });
  }

  @Test
  void closingTheContextEndsTheWarmupBeforeLifecyclesStop() {
    AtomicBoolean doneWhenLifecyclesStopped = new AtomicBoolean();
    runner
        .withPropertyValues("stability.warmup.enabled=true", "stability.warmup.paths=/a")
        .withBean(
            "recorder",
            SmartLifecycle.class,
            () -> new Recorder(doneWhenLifecyclesStopped),
            definition -> {})
        .run(
            context -> {
              context.getBean(Recorder.class).warmup = context.getBean(Warmup.class);

              context.close();

              // The graceful shutdown is such a lifecycle: the warm-up must not run into it.
              assertThat(doneWhenLifecyclesStopped).isTrue();
            });
  }

  /** Records whether the warm-up had ended when the lifecycles were stopped. */
  static final class Recorder implements SmartLifecycle {
    private final AtomicBoolean doneWhenStopped;
    private volatile boolean running;
    volatile Warmup warmup;

    Recorder(AtomicBoolean doneWhenStopped) {
      this.doneWhenStopped = doneWhenStopped;
    }

    @Override
    public void start() {
      running = true;
    }

    @Override
    public void stop() {
      doneWhenStopped.set(warmup != null && warmup.isDone());
      running = false;
    }

    @Override
    public boolean isRunning() {
      return running;
    }
  }

  @Test
  void bootsReadinessRefusesTrafficUntilTheWarmupEnds() {
    runner
        .withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
        .withPropertyValues("stability.warmup.enabled=true", "stability.warmup.paths=/a")
        .run(
            context -> {
              ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);

              AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
              assertThat(availability.getReadinessState())
                  .isEqualTo(ReadinessState.REFUSING_TRAFFIC);

              context.getBean(Warmup.class).close();
              assertThat(availability.getReadinessState())
                  .isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
            });
  }

  @Test
  void anyReadinessButAcceptingPassesUnchangedAndAnApplicationsOwnAvailabilityWins() {
    runner
        .withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
        .withPropertyValues("stability.warmup.enabled=true", "stability.warmup.paths=/a")
        .run(
            context -> {
              ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
              assertThat(availability.getState(ReadinessState.class)).isNull();
              assertThat(availability.getLivenessState()).isEqualTo(LivenessState.BROKEN);

              AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
              AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);

              assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
              assertThat(availability.getReadinessState())
                  .isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            });
    ApplicationAvailabilityBean own = new ApplicationAvailabilityBean();
    runner
        .withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
        .withPropertyValues("stability.warmup.enabled=true", "stability.warmup.paths=/a")
        .withBean(ApplicationAvailability.class, () -> own)
        .run(context -> assertThat(context.getBean(ApplicationAvailability.class)).isSameAs(own));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "stability.warmup.requests=0 | stability.warmup.requests",
        "stability.warmup.concurrency=65 | stability.warmup.concurrency",
        "stability.warmup.timeout=0s | stability.warmup.timeout",
        "stability.warmup.paths=api | stability.warmup.paths",
        "stability.warmup.base-url=https://127.0.0.1:8443 | stability.warmup.base-url",
        "stability.warmup.base-url=http://127.0.0.1:8080/ | stability.warmup.base-url",
        "stability.warmup.base-url=http://bad host | stability.warmup.base-url"
      })
  void badValueFailsStartUpNamingTheKey(String property, String key) {
    runner
        .withPropertyValues("stability.warmup.enabled=true", "stability.warmup.paths=/a", property)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining(key));
  }

  @Test
  void enabledWithoutPathsFailsStartUpNamingTheKey() {
    runner
        .withPropertyValues("stability.warmup.enabled=true")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("stability.warmup.paths")
                    .hasMessageContaining("at least one"));
  }
}
