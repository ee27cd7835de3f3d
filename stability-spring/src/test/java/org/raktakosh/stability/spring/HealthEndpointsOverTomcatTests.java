package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.checks.HealthChecks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/** The starter in a real Spring Boot application, over Tomcat on a random port. */
@SpringBootTest(
    classes = HealthEndpointsOverTomcatTests.TestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "stability.health.groups.backup.path=/backup-health")
class HealthEndpointsOverTomcatTests {

  private static final HttpClient client = HttpClient.newHttpClient();

  @LocalServerPort private int port;

  @Autowired private SwitchableCheck payments;

  @Autowired private SwitchableCheck backupState;

  @Autowired private BreakableDataSource dataSource;

  @BeforeEach
  void everythingIsHealthy() {
    payments.result = HealthResult.up();
    backupState.result = HealthResult.up();
    dataSource.broken = false;
  }

  @Test
  void healthAnswersUpWithTheStatusOnly() throws Exception {
    HttpResponse<String> response = get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
  }

  @Test
  void everyHealthAnswerForbidsCaching() throws Exception {
    for (String path : new String[] {"/health", "/health/detailed", "/health/live", "/health/x"}) {
      assertThat(get(path).headers().firstValue("Cache-Control")).as(path).contains("no-store");
    }
  }

  @Test
  void failingCriticalCheckAnswers503() throws Exception {
    payments.result = HealthResult.down("card processor unreachable");

    HttpResponse<String> response = get("/health");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("{\"status\":\"DOWN\"}");
  }

  @Test
  void livenessStaysUpWhileTheDatabaseIsDown() throws Exception {
    dataSource.broken = true;

    assertThat(get("/health").statusCode()).isEqualTo(503);
    HttpResponse<String> live = get("/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).startsWith("{\"status\":\"UP\"");
  }

  @Test
  void aliasPathAnswersForItsGroup() throws Exception {
    backupState.result = HealthResult.down("newest backup is 3 days old");

    HttpResponse<String> alias = get("/backup-health");

    // The backup check is not critical: the application is only DEGRADED, while the group
    // watched for backups reports the failure as it is.
    assertThat(alias.statusCode()).isEqualTo(503);
    assertThat(alias.body()).startsWith("{\"status\":\"DOWN\",\"group\":\"backup\"");
    assertThat(get("/health").body()).isEqualTo("{\"status\":\"DEGRADED\"}");
    assertThat(get("/health/live").body()).startsWith("{\"status\":\"UP\"");
  }

  @Test
  void unknownGroupIsA404Problem() throws Exception {
    HttpResponse<String> response = get("/health/no-such-group");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body()).contains("\"status\":404");
  }

  @Test
  void headAnswersTheStatusWithoutABody() throws Exception {
    payments.result = HealthResult.down("card processor unreachable");

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri("/health"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void detailedViewListsEveryRegisteredCheck() throws Exception {
    HttpResponse<String> response = get("/health/detailed");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"payments\"", "\"backup\"", "\"ping\"", "\"db\"");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  /** A check whose result the test sets. */
  static final class SwitchableCheck implements HealthCheck {
    volatile HealthResult result = HealthResult.up();

    @Override
    public HealthResult check() {
      return result;
    }
  }

  /** An in-memory H2 database that the test can make unreachable. */
  static final class BreakableDataSource extends DelegatingDataSource {
    volatile boolean broken;

    BreakableDataSource(DataSource target) {
      super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (broken) {
        throw new SQLTransientConnectionException("database unreachable", "08001");
      }
      return super.getConnection();
    }
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class TestApplication {

    @Bean
    SwitchableCheck payments() {
      return new SwitchableCheck();
    }

    @Bean
    SwitchableCheck backupState() {
      return new SwitchableCheck();
    }

    @Bean
    HealthCheckRegistration backupHealthCheck(SwitchableCheck backupState) {
      return HealthCheckRegistration.of(
          "backup",
          backupState,
          HealthCheckOptions.custom().groups("backup").critical(false).build());
    }

    @Bean
    HealthCheckRegistration pingHealthCheck() {
      return HealthCheckRegistration.of(
          "ping",
          HealthChecks.ping(),
          HealthCheckOptions.custom().groups(HealthCheckOptions.LIVENESS).build());
    }

    @Bean
    BreakableDataSource dataSource() {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:stability-http;DB_CLOSE_DELAY=-1");
      return new BreakableDataSource(h2);
    }
  }
}
