package org.raktakosh.stability.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The exit action ends a real JVM with the configured code, after running its shutdown hooks. */
class HealthWatchdogExitTest {

  @Test
  void watchdogExitsTheJvmWithTheConfiguredCode() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                WatchdogExitMain.class.getName(),
                "42")
            .redirectErrorStream(true)
            .start();
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("forked JVM exited").isTrue();
      assertThat(process.exitValue()).isEqualTo(42);
      assertThat(output.get(30, TimeUnit.SECONDS))
          .contains("Health watchdog fired", "exiting with code 42", "shutdown hook ran");
    } finally {
      process.destroyForcibly();
    }
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
