package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.servlet.internal.FilterProperties;
import org.raktakosh.stability.servlet.internal.HealthProperties;

class StabilityInstallerTest {

  private static Properties properties(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "stability.health.details|sometimes",
        "stability.health.path|health",
        "stability.health.path|/health/",
        "stability.health.parallelism|0",
        "stability.health.parallelism|many",
        "stability.health.queue-capacity|-1",
        "stability.health.slow-threshold|fast",
        "stability.health.slow-threshold|-1s",
        "stability.health.enabled|yes",
        "stability.enabled|maybe",
        "stability.health.defaults.timeout|0s",
        "stability.health.defaults.groups|liveness",
        "stability.health.checks.db.timeout|soon",
        "stability.health.checks.db.critical|perhaps",
        "stability.health.checks.db.cache-ttl|-5s",
        "stability.health.checks.db.groups|Bad_Group",
        "stability.health.checks.db.retries|3",
        "stability.health.groups.backup.path|backup-health",
        "stability.health.groups.backup.members|a",
        "stability.health.detials|always",
        "stability.health.resources.enabled|on",
        "stability.health.resources.disk-min-free|plenty",
        "stability.health.resources.disk-min-free|-1",
        "stability.health.resources.disk-min-free|1PB",
        "stability.health.resources.disk-max|1GB",
        "stability.timeout.duration|-1s",
        "stability.timeout.duration|soon",
        "stability.timeout.status|500",
        "stability.timeout.stuck-after|0s",
        "stability.timeout.paths[reports]|1s",
        "stability.timeout.paths[/reports/**]|later",
        "stability.timeout.interrupt|sometimes",
        "stability.timeout.timeout|1s",
        "stability.concurrency-limit.max-concurrent|0",
        "stability.concurrency-limit.max-wait|-1s",
        "stability.concurrency-limit.excluded-paths|health",
        "stability.concurrency-limit.limit|5",
        "stability.rate-limit.limit-for-period|0",
        "stability.rate-limit.refresh-period|0s",
        "stability.rate-limit.key|cookie",
        "stability.rate-limit.max-keys|none",
        "stability.rate-limit.evict-idle-after|1ms",
        "stability.rate-limit.burst|5",
        "stability.tasks.threads|0",
        "stability.tasks.threads|two",
        "stability.tasks.stop-grace|-1s",
        "stability.tasks.pool-size|3",
        "stability.warmup.enabled|yes",
        "stability.warmup.paths|api",
        "stability.warmup.requests|0",
        "stability.warmup.requests|many",
        "stability.warmup.concurrency|65",
        "stability.warmup.timeout|0s",
        "stability.warmup.base-url|https://127.0.0.1:8443",
        "stability.warmup.base-url|http://bad host",
        "stability.warmup.retries|3",
        "stability.watchdog.enabled|yes",
        "stability.watchdog.group|Live Ness",
        "stability.watchdog.failures|0",
        "stability.watchdog.interval|0s",
        "stability.watchdog.action|restart",
        "stability.watchdog.exit-code|0",
        "stability.watchdog.exit-code|256",
        "stability.watchdog.retries|3",
        "stability.gzip.enabled|on",
        "stability.gzip.min-size|-1",
        "stability.gzip.min-size|big",
        "stability.gzip.level|0",
        "stability.gzip.level|10",
        "stability.gzip.included-types|json",
        "stability.gzip.excluded-types|text/*/*",
        "stability.gzip.excluded-paths|static",
        "stability.gzip.excluded-user-agents|([",
        "stability.gzip.inflate-requests|sometimes",
        "stability.gzip.max-inflated-size|-1MB",
        "stability.gzip.max-form-size|0",
        "stability.gzip.max-form-parameters|0",
        "stability.gzip.pool-size|-1",
        "stability.gzip.compression|6"
      })
  void badValueFailsNamingItsKey(String key, String value) {
    assertThatThrownBy(() -> StabilityInstaller.fromProperties(properties(key, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(key);
  }

  @Test
  void timeoutSettingsAreRead() {
    StabilityInstaller installer =
        StabilityInstaller.fromProperties(
            properties(
                "stability.timeout.duration", "5s",
                "stability.timeout.status", "504",
                "stability.timeout.interrupt", "false",
                "stability.timeout.retry-after", "3s",
                "stability.timeout.stuck-after", "1m",
                "stability.timeout.paths[/reports/**]", "2m",
                "stability.timeout.excluded-paths", "/stream/**, /ws",
                "stability.timeout.exclude-event-streams", "false",
                "stability.timeout.exclude-upgrades", "false"));

    TimeoutConfig config = installer.timeoutFilter().map(f -> f.config()).orElseThrow();
    assertThat(config.duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.status()).isEqualTo(504);
    assertThat(config.interruptWorker()).isFalse();
    assertThat(config.retryAfter()).contains(Duration.ofSeconds(3));
    assertThat(config.stuckAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.overrides()).containsEntry("/reports/**", Duration.ofMinutes(2));
    assertThat(config.excludedPaths()).containsExactly("/stream/**", "/ws");
    assertThat(config.excludeEventStreams()).isFalse();
    assertThat(config.excludeUpgrades()).isFalse();
    assertThat(config.timeoutFor("/reports/x")).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.timeoutFor("/ws")).isZero();
  }

  @Test
  void loadSheddingSettingsAreRead() {
    FilterProperties parsed =
        FilterProperties.parse(
            properties(
                "stability.concurrency-limit.enabled", "true",
                "stability.concurrency-limit.max-concurrent", "50",
                "stability.concurrency-limit.max-wait", "20ms",
                "stability.concurrency-limit.retry-after", "2s",
                "stability.concurrency-limit.excluded-paths", "/health, /backup-health",
                "stability.rate-limit.enabled", "true",
                "stability.rate-limit.limit-for-period", "10",
                "stability.rate-limit.refresh-period", "2s",
                "stability.rate-limit.key", "header:X-Api-Key",
                "stability.rate-limit.max-keys", "500",
                "stability.rate-limit.evict-idle-after", "5m"));

    assertThat(parsed.concurrencyLimitEnabled()).isTrue();
    assertThat(parsed.concurrencyLimitConfig().maxConcurrent()).isEqualTo(50);
    assertThat(parsed.concurrencyLimitConfig().maxWait()).isEqualTo(Duration.ofMillis(20));
    assertThat(parsed.concurrencyLimitConfig().retryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(parsed.concurrencyLimitConfig().excludedPaths())
        .containsExactly("/health", "/backup-health");
    assertThat(parsed.rateLimitEnabled()).isTrue();
    assertThat(parsed.rateLimitConfig().limitForPeriod()).isEqualTo(10);
    assertThat(parsed.rateLimitConfig().refreshPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(parsed.rateLimitConfig().key().headerName()).contains("X-Api-Key");
    assertThat(parsed.rateLimitConfig().maxKeys()).isEqualTo(500);
    assertThat(parsed.rateLimitConfig().evictIdleAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(FilterProperties.rateKey("k", "GLOBAL")).isEqualTo(RateLimitConfig.Key.GLOBAL);
    assertThat(FilterProperties.rateKey("k", "client-address"))
        .isEqualTo(RateLimitConfig.Key.CLIENT_ADDRESS);
    assertThat(FilterProperties.rateKey("k", "principal")).isEqualTo(RateLimitConfig.Key.PRINCIPAL);
  }

  @Test
  void loadSheddingIsOffUnlessSwitchedOn() {
    FilterProperties parsed = FilterProperties.parse(new Properties());

    assertThat(parsed.concurrencyLimitEnabled()).isFalse();
    assertThat(parsed.rateLimitEnabled()).isFalse();
    assertThat(
            FilterProperties.parse(
                    properties(
                        "stability.enabled", "false",
                        "stability.concurrency-limit.enabled", "true"))
                .concurrencyLimitEnabled())
        .isFalse();
  }

  @Test
  void timeoutCanBeSwitchedOff() {
    assertThat(
            StabilityInstaller.fromProperties(properties("stability.timeout.enabled", "false"))
                .timeoutFilter())
        .isEmpty();
    assertThat(
            StabilityInstaller.fromProperties(properties("stability.enabled", "false"))
                .timeoutFilter())
        .isEmpty();
    assertThat(StabilityInstaller.withDefaults().timeoutFilter().orElseThrow().config().duration())
        .isEqualTo(TimeoutConfig.DEFAULT_DURATION);
  }

  @Test
  void keysOutsideStabilityHealthAreIgnored() {
    StabilityInstaller installer =
        StabilityInstaller.fromProperties(
            properties("server.port", "8004", "stability.other", "x"));

    assertThat(installer.endpointConfig().path()).isEqualTo("/health");
  }

  @Test
  void propertiesOverrideTheOptionsGivenInCode() {
    HealthProperties parsed =
        HealthProperties.parse(
            properties(
                "stability.health.defaults.timeout", "3s",
                "stability.health.defaults.cache-ttl", "1s",
                "stability.health.checks.db.timeout", "2s",
                "stability.health.checks.db.critical", "false",
                "stability.health.checks.db.groups", "readiness, backup",
                "stability.health.checks.db.background-interval", "30s"));

    HealthCheckOptions db =
        parsed.optionsFor(
            "db", HealthCheckOptions.custom().timeout(Duration.ofSeconds(9)).groups("x").build());
    HealthCheckOptions other = parsed.optionsFor("other", HealthCheckOptions.ofDefaults());

    assertThat(db.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(db.critical()).isFalse();
    assertThat(db.groups()).containsExactly("x", "readiness", "backup");
    assertThat(db.cacheTtl()).isEqualTo(Duration.ofSeconds(1));
    assertThat(db.backgroundInterval()).contains(Duration.ofSeconds(30));
    assertThat(other.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(other.critical()).isTrue();
  }

  @Test
  void registryAndEndpointSettingsAreRead() {
    HealthProperties parsed =
        HealthProperties.parse(
            properties(
                "stability.health.path", "/status",
                "stability.health.details", "ALWAYS",
                "stability.health.parallelism", "3",
                "stability.health.queue-capacity", "10",
                "stability.health.slow-threshold", "2s",
                "stability.health.groups.backup.include", "a, b",
                "stability.health.groups.backup.path", "/backup-health"));

    assertThat(parsed.enabled()).isTrue();
    assertThat(parsed.endpointConfig().path()).isEqualTo("/status");
    assertThat(parsed.endpointConfig().details()).isEqualTo(DetailsPolicy.ALWAYS);
    assertThat(parsed.endpointConfig().aliases()).containsEntry("/backup-health", "backup");
    assertThat(parsed.registryConfig().parallelism()).isEqualTo(3);
    assertThat(parsed.registryConfig().queueCapacity()).isEqualTo(10);
    assertThat(parsed.registryConfig().slowThreshold()).isEqualTo(Duration.ofSeconds(2));
    assertThat(parsed.registryConfig().groups().get("backup")).containsExactly("a", "b");
  }

  @Test
  void groupWithAnUnknownCheckFailsInstallation() throws Exception {
    StabilityInstaller installer =
        StabilityInstaller.fromProperties(
                properties("stability.health.groups.backup.include", "backupDir"))
            .healthCheck("db", HealthResult::up);

    assertThatThrownBy(() -> installer.install(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'backup'")
        .hasMessageContaining("'backupDir'");
  }

  @Test
  void missingClasspathFileMeansDefaults() {
    StabilityInstaller installer = StabilityInstaller.fromClasspath("no-such-stability.properties");

    assertThat(installer.endpointConfig().details()).isEqualTo(DetailsPolicy.LOCALHOST);
  }

  @Test
  void classpathFileIsRead() {
    StabilityInstaller installer = StabilityInstaller.fromClasspath("test-stability.properties");

    assertThat(installer.endpointConfig().path()).isEqualTo("/status");
  }

  @Test
  void takenCheckNameIsRejected() {
    StabilityInstaller installer =
        StabilityInstaller.withDefaults().healthCheck("db", HealthResult::up);

    assertThatThrownBy(() -> installer.healthCheck("db", HealthResult::up))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, true",
    "127.1.2.3, true",
    "::1, true",
    "0:0:0:0:0:0:0:1, true",
    "[::1], true",
    "203.0.113.9, false",
    "2001:db8::1, false",
    "localhost, false",
    "'', false"
  })
  void onlyLoopbackLiteralsCountAsLocal(String address, boolean loopback) {
    assertThat(HealthServlet.isLoopback(address)).isEqualTo(loopback);
  }

  @Test
  void endpointConfigRejectsBadPathsAndAliases() {
    assertThatThrownBy(() -> HealthEndpointConfig.custom().path("/h/*"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HealthEndpointConfig.custom().alias("/backup-health", " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DetailsPolicy.parse("k", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("k must be one of");
  }
}
