package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.servlet.ConcurrencyLimitMetrics;
import org.raktakosh.stability.servlet.RateLimitMetrics;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The rate limit in a real Spring Boot application over Tomcat: the (limit+1)-th request of a
 * period is a 429 problem with {@code Retry-After}, a later period passes, probes are never
 * limited, and the refusals reach Boot's meter registry.
 */
@SpringBootTest(
    classes = RateLimitOverTomcatTests.TestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "stability.rate-limit.enabled=true",
      "stability.rate-limit.limit-for-period=3",
      "stability.rate-limit.refresh-period=2s",
      "stability.rate-limit.key=header:X-Client"
    })
class RateLimitOverTomcatTests {

  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @LocalServerPort private int port;

  @Autowired private MeterRegistry meters;

  @Test
  void requestPastTheLimitIs429WithRetryAfterAndALaterPeriodPasses() throws Exception {
    // A key's limiter, and so its first period, starts with the key's first request.
    for (int i = 0; i < 3; i++) {
      assertThat(get("/api").statusCode()).isEqualTo(200);
    }
    HttpResponse<String> refused = get("/api");

    JsonNode problem = ErrorsOverTomcatTests.problem(refused, 429);
    assertThat(problem.get("title").asString()).isEqualTo("Too Many Requests");
    assertThat(refused.headers().firstValue("Retry-After"))
        .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 2L));
    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(
            meters
                .get(ConcurrencyLimitMetrics.REJECTED)
                .tag("limit", "rate")
                .functionCounter()
                .count())
        .isEqualTo(1.0);
    assertThat(meters.get(RateLimitMetrics.KEYS).gauge().value()).isEqualTo(1.0);

    await().atMost(Duration.ofSeconds(10)).until(() -> get("/api").statusCode() == 200);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Client", "donor-app")
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @RestController
  static class Api {
    @GetMapping("/api")
    String api() {
      return "ok";
    }
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(Api.class)
  static class TestApplication {}
}
