package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.HealthRegistryConfig;
import org.raktakosh.stability.health.HealthWatchdogConfig;
import org.raktakosh.stability.servlet.ErrorRecoveryConfig;
import org.raktakosh.stability.servlet.GzipConfig;
import org.raktakosh.stability.servlet.HealthEndpointConfig;
import org.raktakosh.stability.servlet.RequestIdFilter;
import org.raktakosh.stability.servlet.TimeoutConfig;
import org.raktakosh.stability.tasks.BackgroundTasksConfig;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * The generated configuration metadata that IDEs read. Defaults the annotation processor cannot
 * infer (they come from core constants) are declared by hand in
 * additional-spring-configuration-metadata.json; these tests keep them equal to the constants.
 */
class ConfigurationMetadataTests {

  private static DocumentContext metadata;

  @BeforeAll
  static void readMetadata() throws IOException {
    try (InputStream in =
        ConfigurationMetadataTests.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata").isNotNull();
      metadata = JsonPath.parse(in);
    }
  }

  @Test
  void everyHealthKeyOfThePlainServletConfigurationIsDescribed() {
    assertThat(names())
        .contains(
            "stability.enabled",
            "stability.health.enabled",
            "stability.health.path",
            "stability.health.details",
            "stability.health.parallelism",
            "stability.health.queue-capacity",
            "stability.health.slow-threshold",
            "stability.health.defaults.timeout",
            "stability.health.defaults.critical",
            "stability.health.defaults.cache-ttl",
            "stability.health.defaults.background-interval",
            "stability.health.checks",
            "stability.health.groups");
  }

  @Test
  void everyRequestIdAndErrorsKeyOfThePlainServletConfigurationIsDescribed() {
    assertThat(names())
        .contains(
            "stability.request-id.enabled",
            "stability.request-id.header",
            "stability.errors.enabled",
            "stability.errors.include-details",
            "stability.errors.problem-for-send-error",
            "stability.errors.mappings");
  }

  @Test
  void everyTimeoutKeyOfThePlainServletConfigurationIsDescribed() {
    assertThat(names())
        .contains(
            "stability.timeout.enabled",
            "stability.timeout.duration",
            "stability.timeout.status",
            "stability.timeout.interrupt",
            "stability.timeout.retry-after",
            "stability.timeout.stuck-after",
            "stability.timeout.paths",
            "stability.timeout.excluded-paths",
            "stability.timeout.exclude-event-streams",
            "stability.timeout.exclude-upgrades");
  }

  @Test
  void timeoutDefaultsEqualTheServletDefaults() {
    TimeoutConfig defaults = TimeoutConfig.ofDefaults();
    assertThat(defaultOf("stability.timeout.enabled")).isEqualTo(true);
    assertThat(DurationStyle.detectAndParse((String) defaultOf("stability.timeout.duration")))
        .isEqualTo(defaults.duration());
    assertThat(defaultOf("stability.timeout.status")).isEqualTo(defaults.status());
    assertThat(defaultOf("stability.timeout.interrupt")).isEqualTo(defaults.interruptWorker());
    assertThat(DurationStyle.detectAndParse((String) defaultOf("stability.timeout.stuck-after")))
        .isEqualTo(defaults.stuckAfter());
    assertThat(defaultOf("stability.timeout.exclude-event-streams"))
        .isEqualTo(defaults.excludeEventStreams());
    assertThat(defaultOf("stability.timeout.exclude-upgrades"))
        .isEqualTo(defaults.excludeUpgrades());
  }

  @Test
  void everyTaskWatchdogAndJvmMetricsKeyIsDescribedWithTheCoreDefaults() {
    assertThat(names())
        .contains(
            "stability.tasks.threads",
            "stability.tasks.stop-grace",
            "stability.watchdog.enabled",
            "stability.watchdog.group",
            "stability.watchdog.failures",
            "stability.watchdog.interval",
            "stability.watchdog.action",
            "stability.watchdog.exit-code",
            "stability.jvm-metrics.enabled");
    assertThat(defaultOf("stability.tasks.threads"))
        .isEqualTo(BackgroundTasksConfig.DEFAULT_THREADS);
    assertThat(DurationStyle.detectAndParse((String) defaultOf("stability.tasks.stop-grace")))
        .isEqualTo(BackgroundTasksConfig.DEFAULT_STOP_GRACE);
    assertThat(defaultOf("stability.watchdog.enabled")).isEqualTo(true);
    assertThat(defaultOf("stability.watchdog.group")).isEqualTo(HealthWatchdogConfig.DEFAULT_GROUP);
    assertThat(defaultOf("stability.watchdog.failures"))
        .isEqualTo(HealthWatchdogConfig.DEFAULT_FAILURE_THRESHOLD);
    assertThat(DurationStyle.detectAndParse((String) defaultOf("stability.watchdog.interval")))
        .isEqualTo(HealthWatchdogConfig.DEFAULT_INTERVAL);
    assertThat(defaultOf("stability.watchdog.action")).isEqualTo("log");
    assertThat(defaultOf("stability.watchdog.exit-code"))
        .isEqualTo(HealthWatchdogConfig.DEFAULT_EXIT_CODE);
    assertThat(defaultOf("stability.jvm-metrics.enabled")).isEqualTo(true);
  }

  @Test
  void everyCorsAndTrustedHostKeyIsDescribedWithTheServletDefaults() {
    assertThat(names())
        .contains(
            "stability.cors.enabled",
            "stability.cors.profile",
            "stability.cors.profiles",
            "stability.cors.paths",
            "stability.cors.trust-forwarded-headers",
            "stability.cors.allowed-origins",
            "stability.cors.allowed-origin-patterns",
            "stability.cors.allowed-methods",
            "stability.cors.allowed-headers",
            "stability.cors.exposed-headers",
            "stability.cors.allow-credentials",
            "stability.cors.max-age",
            "stability.cors.allow-private-network",
            "stability.cors.allow-null-origin",
            "stability.cors.reject-disallowed-origins",
            "stability.trusted-hosts.enabled",
            "stability.trusted-hosts.allowed-hosts",
            "stability.trusted-hosts.excluded-paths",
            "stability.trusted-hosts.trust-forwarded-headers");
    assertThat(defaultOf("stability.cors.allowed-methods"))
        .isEqualTo(org.raktakosh.stability.servlet.CorsPolicy.DEFAULT_ALLOWED_METHODS);
    assertThat(defaultOf("stability.cors.allowed-headers"))
        .isEqualTo(org.raktakosh.stability.servlet.CorsPolicy.DEFAULT_ALLOWED_HEADERS);
    assertThat(defaultOf("stability.cors.exposed-headers"))
        .isEqualTo(org.raktakosh.stability.servlet.CorsPolicy.DEFAULT_EXPOSED_HEADERS);
    assertThat(DurationStyle.detectAndParse((String) defaultOf("stability.cors.max-age")))
        .isEqualTo(org.raktakosh.stability.servlet.CorsPolicy.DEFAULT_MAX_AGE);
  }

  @Test
  void everyGzipKeyOfThePlainServletConfigurationIsDescribedWithItsDefault() {
    assertThat(names())
        .contains(
            "stability.gzip.enabled",
            "stability.gzip.min-size",
            "stability.gzip.level",
            "stability.gzip.included-types",
            "stability.gzip.excluded-types",
            "stability.gzip.excluded-paths",
            "stability.gzip.excluded-user-agents",
            "stability.gzip.inflate-requests",
            "stability.gzip.max-inflated-size",
            "stability.gzip.max-form-size",
            "stability.gzip.max-form-parameters",
            "stability.gzip.pool-size");
    GzipConfig defaults = GzipConfig.ofDefaults();
    assertThat(defaultOf("stability.gzip.enabled")).isEqualTo(true);
    assertThat(DataSize.parse((String) defaultOf("stability.gzip.min-size")).toBytes())
        .isEqualTo(defaults.minSize());
    assertThat(defaultOf("stability.gzip.level")).isEqualTo(defaults.level());
    assertThat(DataSize.parse((String) defaultOf("stability.gzip.max-inflated-size")).toBytes())
        .isEqualTo(defaults.maxInflatedSize());
    assertThat(DataSize.parse((String) defaultOf("stability.gzip.max-form-size")).toBytes())
        .isEqualTo(defaults.maxFormSize());
    assertThat(defaultOf("stability.gzip.max-form-parameters"))
        .isEqualTo(defaults.maxFormParameters());
    assertThat(defaultOf("stability.gzip.pool-size")).isEqualTo(defaults.poolSize());
    assertThat(defaultOf("stability.gzip.inflate-requests")).isEqualTo(defaults.inflateRequests());
  }

  @Test
  void everyPropertyHasADescription() {
    List<String> described = metadata.read("$.properties[?(@.description)].name");
    assertThat(described).containsExactlyInAnyOrderElementsOf(names());
  }

  @Test
  void declaredDefaultsEqualTheCoreConstants() {
    assertThat(defaultOf("stability.health.path")).isEqualTo(HealthEndpointConfig.DEFAULT_PATH);
    assertThat(defaultOf("stability.health.details"))
        .isEqualTo(HealthEndpointConfig.DEFAULT_DETAILS.name().toLowerCase(Locale.ROOT));
    assertThat(defaultOf("stability.health.parallelism"))
        .isEqualTo(HealthRegistryConfig.DEFAULT_PARALLELISM);
    assertThat(defaultOf("stability.health.queue-capacity"))
        .isEqualTo(HealthRegistryConfig.DEFAULT_QUEUE_CAPACITY);
    assertThat(DurationStyle.detectAndParse((String) defaultOf("stability.health.slow-threshold")))
        .isEqualTo(HealthRegistryConfig.DEFAULT_SLOW_THRESHOLD);
    assertThat(defaultOf("stability.request-id.header")).isEqualTo(RequestIdFilter.DEFAULT_HEADER);
  }

  @Test
  void shutdownKeysAreDescribedWithTheCoreDefaults() {
    org.raktakosh.stability.shutdown.ShutdownConfig defaults =
        org.raktakosh.stability.shutdown.ShutdownConfig.ofDefaults();
    assertThat(defaultOf("stability.shutdown.enabled")).isEqualTo(true);
    assertThat(
            DurationStyle.detectAndParse((String) defaultOf("stability.shutdown.readiness-delay")))
        .isEqualTo(defaults.readinessDelay());
    assertThat(DurationStyle.detectAndParse((String) defaultOf("stability.shutdown.grace-period")))
        .isEqualTo(defaults.gracePeriod());
    assertThat(DurationStyle.detectAndParse((String) defaultOf("stability.shutdown.retry-after")))
        .isEqualTo(defaults.retryAfter());
  }

  @Test
  void errorDefaultsEqualTheServletDefaults() {
    ErrorRecoveryConfig defaults = ErrorRecoveryConfig.ofDefaults();
    assertThat(defaultOf("stability.request-id.enabled")).isEqualTo(true);
    assertThat(defaultOf("stability.errors.enabled")).isEqualTo(true);
    assertThat(defaultOf("stability.errors.include-details")).isEqualTo(defaults.includeDetails());
    assertThat(defaultOf("stability.errors.problem-for-send-error"))
        .isEqualTo(defaults.problemForSendError());
  }

  @Test
  void mappingKeysCompleteAsExceptionClasses() {
    List<String> targets =
        metadata.read(
            "$.hints[?(@.name == 'stability.errors.mappings.keys')].providers[*].parameters.target");
    assertThat(targets).containsExactly(Throwable.class.getName());
  }

  private static List<String> names() {
    return metadata.read("$.properties[*].name");
  }

  private static Object defaultOf(String name) {
    List<Object> values = metadata.read("$.properties[?(@.name == '" + name + "')].defaultValue");
    assertThat(values).as("default of " + name).hasSize(1);
    return values.get(0);
  }
}
