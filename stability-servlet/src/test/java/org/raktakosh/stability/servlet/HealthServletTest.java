package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthResult;

class HealthServletTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REMOTE = JettyApp.REMOTE_ADDR_OVERRIDE;

  private final CountDownLatch never = new CountDownLatch(1);
  private JettyApp app;

  @AfterEach
  void stop() throws Exception {
    never.countDown();
    if (app != null) {
      app.close();
    }
  }

  private JettyApp start(StabilityInstaller installer) throws Exception {
    app = JettyApp.start(installer::install);
    return app;
  }

  /**
   * One request outside the measurement, so a timed request measures the endpoint rather than the
   * JVM loading the client, the connection and the filters for the first time.
   */
  private void warmUp() throws Exception {
    app.get("/no-such-path");
  }

  private static StabilityInstaller installer(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return StabilityInstaller.fromProperties(properties);
  }

  @Test
  void healthAnswersStatusOnlyWith200NoStoreAndJson() throws Exception {
    start(installer().healthCheck("db", HealthResult::up));

    HttpResponse<String> response = app.get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void twentyChecksOf300MillisecondsAnswerWellUnderTheirSum() throws Exception {
    StabilityInstaller installer = installer();
    for (int i = 0; i < 20; i++) {
      installer.healthCheck(
          "check-" + i,
          () -> {
            never.await(300, TimeUnit.MILLISECONDS); // the work each check stands for
            return HealthResult.up();
          });
    }
    start(installer);

    warmUp();
    long start = System.nanoTime();
    HttpResponse<String> response = app.get("/health");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(response.statusCode()).isEqualTo(200);
    // Run one after another they would take 6 s; eight at a time they take about 0.9 s.
    assertThat(took).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void fiftySimultaneousRequestsDuringATwoSecondCheckRunItOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    start(
        installer()
            .healthCheck(
                "slow",
                () -> {
                  runs.incrementAndGet();
                  never.await(2, TimeUnit.SECONDS); // the work this check stands for
                  return HealthResult.up();
                }));

    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      responses.add(app.getAsync("/health"));
    }

    for (CompletableFuture<HttpResponse<String>> response : responses) {
      assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void hangingCheckWithAOneSecondTimeoutIsDownWithinTwoSeconds() throws Exception {
    start(
        installer("stability.health.checks.hanging.timeout", "1s")
            .healthCheck(
                "hanging",
                () -> {
                  never.await();
                  return HealthResult.up();
                }));

    warmUp();
    long start = System.nanoTime();
    HttpResponse<String> response = app.get("/health/detailed");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(took).isLessThan(Duration.ofSeconds(2));
    JsonNode hanging = JSON.readTree(response.body()).get("checks").get("hanging");
    assertThat(hanging.get("status").asText()).isEqualTo("DOWN");
    assertThat(hanging.get("message").asText()).isEqualTo("timed out after 1 s");
  }

  @Test
  void degradedAnswers200AndDownAnswers503() throws Exception {
    StabilityInstaller installer =
        installer("stability.health.checks.cache.critical", "false")
            .healthCheck("cache", () -> HealthResult.down("evicted"));
    start(installer);

    HttpResponse<String> degraded = app.get("/health");
    assertThat(degraded.statusCode()).isEqualTo(200);
    assertThat(degraded.body()).isEqualTo("{\"status\":\"DEGRADED\"}");

    installer.healthRegistry().register("db", () -> HealthResult.down("refused"));
    HttpResponse<String> down = app.get("/health");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\"}");
  }

  @Test
  void detailedShowsChecksAnalyticsAndJvmToLocalCallers() throws Exception {
    start(
        installer()
            .healthCheck(
                "db",
                () ->
                    HealthResult.builder(org.raktakosh.stability.health.Status.UP)
                        .message("pool ok")
                        .detail("active", 3)
                        .build()));

    HttpResponse<String> response = app.get("/health/detailed");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("status").asText()).isEqualTo("UP");
    assertThat(body.get("uptimeSeconds").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(body.get("processStart").asText()).isNotEmpty();
    assertThat(body.get("statistics").get("runs").asLong()).isEqualTo(1);
    JsonNode db = body.get("checks").get("db");
    assertThat(db.get("message").asText()).isEqualTo("pool ok");
    assertThat(db.get("details").get("active").asInt()).isEqualTo(3);
    assertThat(db.get("duration").isIntegralNumber()).isTrue();
    assertThat(OffsetDateTime.parse(db.get("timestamp").asText())).isNotNull();
    assertThat(db.get("statistics").get("runs").asLong()).isEqualTo(1);
    assertThat(db.get("statistics").get("availability").asDouble()).isEqualTo(1.0);
    assertThat(body.get("jvm").get("memory").get("heapUsed").asLong()).isPositive();
    assertThat(body.get("jvm").get("threads").get("live").asInt()).isPositive();
  }

  @Test
  void detailsAreHiddenFromANonLocalCaller() throws Exception {
    start(installer().healthCheck("db", () -> HealthResult.down(new SQLException("pw=hunter2"))));

    HttpResponse<String> remote = app.get("/health/detailed", REMOTE, "203.0.113.9");
    HttpResponse<String> local = app.get("/health/detailed");

    assertThat(remote.statusCode()).isEqualTo(503);
    assertThat(remote.body()).isEqualTo("{\"status\":\"DOWN\"}");
    assertThat(local.body()).contains("java.sql.SQLException: pw=hunter2");
  }

  @Test
  void detailsPolicyAlwaysShowsDetailsToRemoteCallersAndNeverHidesThemFromLocalOnes()
      throws Exception {
    start(installer("stability.health.details", "always").healthCheck("db", HealthResult::up));
    assertThat(app.get("/health/detailed", REMOTE, "198.51.100.1").body()).contains("\"checks\"");
    app.close();

    start(installer("stability.health.details", "never").healthCheck("db", HealthResult::up));
    assertThat(app.get("/health/detailed").body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void headAnswersLikeGetWithoutABody() throws Exception {
    start(installer().healthCheck("db", () -> HealthResult.down("refused")));

    HttpResponse<String> response = app.send("HEAD", "/health");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void unknownGroupIsA404Problem() throws Exception {
    start(installer());

    HttpResponse<String> response = app.get("/health/nope");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(404);
    assertThat(problem.get("title").asText()).isEqualTo("Not Found");
    assertThat(problem.get("instance").asText()).isEqualTo("/health/nope");
    assertThat(app.get("/health/a/b").statusCode()).isEqualTo(404);
  }

  @Test
  void livenessStaysUpWhileADatabaseCheckIsDown() throws Exception {
    start(
        installer("stability.health.checks.ping.groups", "liveness")
            .healthCheck("ping", HealthResult::up)
            .healthCheck(
                "db",
                () -> {
                  throw new SQLException("Connection refused");
                }));

    assertThat(app.get("/health").statusCode()).isEqualTo(503);
    assertThat(app.get("/health/live").statusCode()).isEqualTo(200);
    assertThat(app.get("/health/ready").statusCode()).isEqualTo(503);
  }

  @Test
  void aliasPathAnswersForItsGroup() throws Exception {
    start(
        installer(
                "stability.health.groups.backup.include", "backupDir",
                "stability.health.groups.backup.path", "/backup-health")
            .healthCheck("backupDir", () -> HealthResult.down("no backup yet"))
            .healthCheck("db", HealthResult::up));

    HttpResponse<String> alias = app.get("/backup-health");
    HttpResponse<String> group = app.get("/health/backup");

    assertThat(alias.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(alias.body()).get("checks").fieldNames())
        .toIterable()
        .containsExactly("backupDir");
    assertThat(group.statusCode()).isEqualTo(503);
    // The whole application's analytics (which name the failing check "db" elsewhere) stay out.
    assertThat(JSON.readTree(alias.body()).has("statistics")).isFalse();
  }

  @Test
  void healthJsonIsServedToClientsThatAskForIt() throws Exception {
    start(installer().healthCheck("db", () -> HealthResult.down("refused")));

    HttpResponse<String> response =
        app.get("/health/detailed", "Accept", "application/health+json");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/health+json"));
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("status").asText()).isEqualTo("fail");
    JsonNode db = body.get("checks").get("db:health").get(0);
    assertThat(db.get("status").asText()).isEqualTo("fail");
    assertThat(db.get("output").asText()).isEqualTo("refused");
    assertThat(
            JSON.readTree(app.get("/health", "Accept", "application/health+json").body())
                .get("status")
                .asText())
        .isEqualTo("fail");
  }

  @Test
  void backgroundCheckIsUnknownAndAnswers200BeforeItsFirstRun() throws Exception {
    start(
        installer()
            .healthCheck(
                "backup",
                () -> {
                  never.await();
                  return HealthResult.up();
                },
                HealthCheckOptions.custom().background().build()));

    HttpResponse<String> response = app.get("/health/detailed");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode backup = JSON.readTree(response.body()).get("checks").get("backup");
    assertThat(backup.get("status").asText()).isEqualTo("UNKNOWN");
    assertThat(backup.get("message").asText()).contains("first background run pending");
  }

  @Test
  void customBasePathMovesEveryEndpoint() throws Exception {
    start(installer("stability.health.path", "/status").healthCheck("db", HealthResult::up));

    assertThat(app.get("/status").statusCode()).isEqualTo(200);
    assertThat(app.get("/status/live").statusCode()).isEqualTo(200);
    assertThat(app.get("/health").statusCode()).isEqualTo(404);
  }

  @Test
  void disabledHealthMountsNothing() throws Exception {
    start(installer("stability.health.enabled", "false"));
    assertThat(app.get("/health").statusCode()).isEqualTo(404);
    app.close();

    start(installer("stability.enabled", "false"));
    assertThat(app.get("/health").statusCode()).isEqualTo(404);
  }

  @Test
  void otherMethodsAreNotAllowed() throws Exception {
    start(installer());

    assertThat(app.send("POST", "/health").statusCode()).isEqualTo(405);
  }

  @Test
  void throwingCheckDoesNotBreakTheEndpoint() throws Exception {
    start(
        installer()
            .healthCheck(
                "io",
                () -> {
                  throw new IOException("disk gone");
                }));

    HttpResponse<String> response = app.get("/health/detailed");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(response.body()).get("checks").get("io").get("error").asText())
        .isEqualTo("java.io.IOException: disk gone");
  }
}
