package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.servlet.internal.HealthProperties;

/**
 * The built-in resource checks ({@code stability.health.resources.*}) as {@link StabilityInstaller}
 * registers them, the same way as the Spring starter, over Jetty.
 */
class InstalledResourceChecksTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JettyApp app;

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  private static Properties properties(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  private static StabilityInstaller installer(String... keyValues) {
    return StabilityInstaller.fromProperties(properties(keyValues));
  }

  private JettyApp start(StabilityInstaller installer) throws Exception {
    app = JettyApp.start(installer::install);
    return app;
  }

  private JsonNode checks(String path) throws Exception {
    return JSON.readTree(app.get(path).body()).get("checks");
  }

  private static List<String> names(JsonNode checks) {
    List<String> names = new ArrayList<>();
    checks.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> groups(JsonNode check) {
    List<String> groups = new ArrayList<>();
    check.get("groups").forEach(group -> groups.add(group.asText()));
    return groups;
  }

  @Test
  void heapAndDeadlocksJoinLivenessAndDiskSpaceGatesReadinessByDefault() throws Exception {
    start(installer().healthCheck("db", HealthResult::up));

    JsonNode all = checks("/health/detailed");
    assertThat(names(all)).contains("heap", "deadlocks", "diskSpace", "db");
    assertThat(groups(all.get("heap"))).containsExactly(HealthCheckOptions.LIVENESS);
    assertThat(groups(all.get("deadlocks"))).containsExactly(HealthCheckOptions.LIVENESS);
    assertThat(groups(all.get("diskSpace"))).containsExactly(HealthCheckOptions.READINESS);
    assertThat(all.get("diskSpace").get("details").get("path").asText())
        .isEqualTo(Path.of(".").toAbsolutePath().normalize().toString());
    assertThat(all.get("diskSpace").get("details").get("minFreeBytes").asLong())
        .isEqualTo(10L * 1024 * 1024);
    assertThat(names(checks("/health/live"))).containsExactlyInAnyOrder("heap", "deadlocks");
    // A gate: readiness still holds every check, the application's "db" included.
    assertThat(names(checks("/health/ready"))).contains("diskSpace", "db", "heap");
  }

  @Test
  void diskBelowItsMinimumMakesReadinessDownWhileLivenessStaysUp() throws Exception {
    start(installer("stability.health.resources.disk-min-free", "1000000TB"));

    HttpResponse<String> ready = app.get("/health/ready");

    assertThat(ready.statusCode()).isEqualTo(503);
    JsonNode disk = JSON.readTree(ready.body()).get("checks").get("diskSpace");
    assertThat(disk.get("status").asText()).isEqualTo("DOWN");
    assertThat(disk.get("details").get("minFreeBytes").asLong()).isEqualTo(1_000_000L << 40);
    assertThat(app.get("/health/live").statusCode()).isEqualTo(200);
    assertThat(app.get("/health").statusCode()).isEqualTo(503);
  }

  @Test
  void diskSpaceWatchesTheConfiguredPath(@TempDir Path dir) throws Exception {
    start(installer("stability.health.resources.disk-path", dir.toString()));

    JsonNode disk = checks("/health/detailed").get("diskSpace");

    assertThat(disk.get("status").asText()).isEqualTo("UP");
    assertThat(disk.get("details").get("path").asText()).isEqualTo(dir.toString());
  }

  @Test
  void missingDiskPathMakesReadinessDown(@TempDir Path dir) throws Exception {
    start(installer("stability.health.resources.disk-path", dir.resolve("gone").toString()));

    assertThat(app.get("/health/ready").statusCode()).isEqualTo(503);
    assertThat(app.get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void applicationsOwnHeapWins() throws Exception {
    StabilityInstaller installer =
        installer().healthCheck("heap", () -> HealthResult.up("the application's"));
    start(installer);

    JsonNode heap = checks("/health/detailed").get("heap");

    assertThat(heap.get("message").asText()).isEqualTo("the application's");
    assertThat(heap.has("groups")).isFalse();
    assertThat(installer.healthRegistry().names()).contains("deadlocks", "diskSpace");
    assertThat(names(checks("/health/live"))).containsExactly("deadlocks");
  }

  @Test
  void perCheckOverridesApplyToTheBuiltInChecks() throws Exception {
    start(
        installer(
            "stability.health.checks.heap.critical", "false",
            "stability.health.checks.deadlocks.groups", "jvm"));

    JsonNode all = checks("/health/detailed");

    assertThat(all.get("heap").get("critical").asBoolean()).isFalse();
    assertThat(groups(all.get("deadlocks")))
        .containsExactlyInAnyOrder(HealthCheckOptions.LIVENESS, "jvm");
    assertThat(names(checks("/health/jvm"))).containsExactly("deadlocks");
  }

  @Test
  void diskSpaceTakesItsOwnOverridesButNotTheDefaults() throws Exception {
    String[] settings = {
      "stability.health.defaults.cache-ttl", "30s",
      "stability.health.checks.diskSpace.timeout", "7s",
      "stability.health.checks.diskSpace.critical", "false",
      "stability.health.checks.diskSpace.groups", "backup"
    };
    HealthProperties parsed = HealthProperties.parse(properties(settings));
    HealthCheckOptions gate =
        parsed.optionsFor("diskSpace", HealthCheckOptions.custom().readinessGate().build());
    assertThat(gate.timeout()).hasSeconds(7);
    assertThat(gate.critical()).isFalse();
    assertThat(gate.cacheTtl()).isZero(); // the defaults' cache is for ordinary checks
    assertThat(gate.readinessGate()).isTrue();
    assertThat(gate.groups()).containsExactlyInAnyOrder(HealthCheckOptions.READINESS, "backup");
    assertThat(parsed.optionsFor("heap", HealthCheckOptions.ofDefaults()).cacheTtl())
        .hasSeconds(30);

    start(installer(settings));

    assertThat(checks("/health/detailed").get("diskSpace").get("critical").asBoolean()).isFalse();
    assertThat(names(checks("/health/backup"))).containsExactly("diskSpace");
  }

  @ParameterizedTest
  @ValueSource(strings = {"shutdown", "warmup"})
  void anOverrideOfAStateGateFailsStartUpNamingTheKey(String gate) {
    assertThatThrownBy(
            () ->
                installer(
                    "stability.warmup.enabled",
                    "true",
                    "stability.warmup.paths",
                    "/",
                    "stability.health.checks." + gate + ".cache-ttl",
                    "10s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("stability.health.checks." + gate + ".cache-ttl")
        .hasMessageContaining("state gate");
  }

  @Test
  void aGroupMayIncludeABuiltInCheck() throws Exception {
    start(installer("stability.health.groups.jvm.include", "heap, deadlocks"));

    assertThat(names(checks("/health/jvm"))).containsExactlyInAnyOrder("heap", "deadlocks");
  }

  @Test
  void resourcesEnabledFalseRegistersNone() throws Exception {
    StabilityInstaller installer =
        installer("stability.health.resources.enabled", "false")
            .healthCheck("db", HealthResult::up);
    start(installer);

    assertThat(installer.healthRegistry().names())
        .containsExactlyInAnyOrder(StabilityInstaller.SHUTDOWN_CHECK_NAME, "db");
    assertThat(names(checks("/health/detailed"))).doesNotContain("heap", "deadlocks", "diskSpace");
  }

  @Test
  void healthSwitchedOffRegistersNone() throws Exception {
    StabilityInstaller installer = installer("stability.health.enabled", "false");
    start(installer);

    assertThat(app.get("/health").statusCode()).isEqualTo(404);
    assertThat(installer.healthRegistry().names()).doesNotContain("heap", "deadlocks", "diskSpace");
  }

  @Test
  void stabilitySwitchedOffRegistersNone() throws Exception {
    StabilityInstaller installer = installer("stability.enabled", "false");
    start(installer);

    assertThat(app.get("/health").statusCode()).isEqualTo(404);
    assertThat(installer.healthRegistry().names()).doesNotContain("heap", "deadlocks", "diskSpace");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lots", "10 MiB", "-1MB", "9000000TB", ""})
  void badDiskMinFreeFailsStartUpNamingTheKey(String value) {
    assertThatThrownBy(() -> installer("stability.health.resources.disk-min-free", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("stability.health.resources.disk-min-free")
        .hasMessageContaining("'" + value + "'");
  }

  @Test
  void badResourceSwitchOrUnknownResourceKeyFailsStartUpNamingTheKey() {
    assertThatThrownBy(() -> installer("stability.health.resources.enabled", "yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("stability.health.resources.enabled");
    assertThatThrownBy(() -> installer("stability.health.resources.disk-free", "1GB"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("stability.health.resources.disk-free");
    assertThatThrownBy(() -> installer("stability.health.resources.disk-path", "bad\0path"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("stability.health.resources.disk-path");
  }

  @Test
  void resourceSettingsAreReadWithTheStartersDefaults() {
    HealthProperties defaults = HealthProperties.parse(new Properties());
    HealthProperties set =
        HealthProperties.parse(
            properties(
                "stability.health.resources.enabled", "FALSE",
                "stability.health.resources.disk-path", " /var/lib/../log ",
                "stability.health.resources.disk-min-free", "50mb"));

    assertThat(defaults.resourceChecksEnabled()).isTrue();
    assertThat(defaults.diskPath()).isEqualTo(Path.of("").toAbsolutePath());
    assertThat(defaults.diskMinFreeBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(set.resourceChecksEnabled()).isFalse();
    assertThat(set.diskPath()).isEqualTo(Path.of("/var/log").toAbsolutePath());
    assertThat(set.diskMinFreeBytes()).isEqualTo(50L * 1024 * 1024);
    assertThat(
            HealthProperties.parse(properties("stability.health.resources.disk-min-free", "0"))
                .diskMinFreeBytes())
        .isZero();
    assertThat(
            HealthProperties.parse(properties("stability.health.resources.disk-min-free", "2TB"))
                .diskMinFreeBytes())
        .isEqualTo(2L << 40);
  }
}
