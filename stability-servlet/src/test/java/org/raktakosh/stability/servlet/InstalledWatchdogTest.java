package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.HealthWatchdogConfig;
import org.raktakosh.stability.servlet.internal.TaskProperties;
import org.raktakosh.stability.tasks.BackgroundTasks;

/** The watchdog and background tasks as {@link StabilityInstaller} sets them up, over Jetty. */
class InstalledWatchdogTest {

  private static final Duration AWAIT = Duration.ofSeconds(30);

  private static Properties properties(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  @Test
  void watchdogFiresOnceLivenessStaysDownAndEverythingStopsWithTheContext() throws Exception {
    List<String> firings = new CopyOnWriteArrayList<>();
    StabilityInstaller installer =
        StabilityInstaller.fromProperties(
                properties(
                    "stability.watchdog.interval", "20ms",
                    "stability.watchdog.failures", "2",
                    "stability.tasks.stop-grace", "1s"))
            .healthCheck(
                "heartbeat",
                () -> HealthResult.down("no heartbeat"),
                HealthCheckOptions.custom()
                    .groups(HealthCheckOptions.LIVENESS)
                    .background(Duration.ofMillis(20))
                    .build())
            .watchdogCallback((group, failures, report) -> firings.add(group + " " + failures));
    BackgroundTasks tasks = installer.backgroundTasks();

    try (JettyApp app = JettyApp.start(installer::install)) {
      await().atMost(AWAIT).until(() -> !firings.isEmpty());
      assertThat(firings).containsExactly("liveness 2");
      assertThat(installer.watchdog()).get().extracting(w -> w.firings()).isEqualTo(1L);
      assertThat(tasks.names()).containsExactly("health:heartbeat", "watchdog:liveness");
      assertThat(app.get("/health/live").statusCode()).isEqualTo(503);
      assertThat(tasks.isStopped()).isFalse();
    }

    assertThat(tasks.isStopped()).isTrue();
  }

  @Test
  void watchdogIsOffWhenSwitchedOffButTheTasksStillStopWithTheContext() throws Exception {
    StabilityInstaller installer =
        StabilityInstaller.fromProperties(properties("stability.watchdog.enabled", "false"));

    try (JettyApp app = JettyApp.start(installer::install)) {
      assertThat(installer.watchdog()).isEmpty();
      assertThat(app.get("/health").statusCode()).isEqualTo(200);
    }

    assertThat(installer.backgroundTasks().isStopped()).isTrue();
  }

  @Test
  void watchdogSettingsAreRead() {
    TaskProperties read =
        TaskProperties.parse(
            properties(
                "stability.watchdog.group", "backup",
                "stability.watchdog.failures", "5",
                "stability.watchdog.interval", "10s",
                "stability.watchdog.action", "EXIT",
                "stability.watchdog.exit-code", "75",
                "stability.tasks.threads", "4",
                "stability.tasks.stop-grace", "2s"));

    HealthWatchdogConfig config = read.watchdogConfig(null);
    assertThat(config.group()).isEqualTo("backup");
    assertThat(config.failureThreshold()).isEqualTo(5);
    assertThat(config.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.exit()).isTrue();
    assertThat(config.exitCode()).isEqualTo(75);
    assertThat(read.tasksConfig().threads()).isEqualTo(4);
    assertThat(read.tasksConfig().stopGrace()).isEqualTo(Duration.ofSeconds(2));
    assertThat(read.watchdogEnabled()).isTrue();
    assertThat(TaskProperties.parse(properties("stability.enabled", "false")).watchdogEnabled())
        .isFalse();
    assertThat(
            TaskProperties.parse(properties("stability.watchdog.action", "log"))
                .watchdogConfig(null)
                .exit())
        .isFalse();
  }
}
