package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link CorsFilter} on a real Jetty, each behaviour of the Fetch standard over a socket. */
class CorsFilterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEB = "https://app.raktakosh.org";
  private static final String EVIL = "https://evil.example";

  private final AtomicInteger handled = new AtomicInteger();
  private CorsFilter filter;
  private JettyApp app;

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  private void start(CorsConfig config, Filter... outer) throws Exception {
    filter = new CorsFilter(config);
    app =
        JettyApp.start(
            context -> {
              for (Filter f : outer) {
                context.addFilter(new FilterHolder(f), "/*", EnumSet.of(DispatcherType.REQUEST));
              }
              context.addFilter(
                  new FilterHolder(filter),
                  "/*",
                  EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR));
              addServlets(context);
            },
            servletContext -> {});
  }

  private void start(CorsPolicy policy) throws Exception {
    start(CorsConfig.of(policy));
  }

  private void addServlets(ServletContextHandler context) {
    context.addServlet(
        new ServletHolder(
            new HttpServlet() {
              @Override
              protected void service(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                handled.incrementAndGet();
                response.setHeader("X-Request-Id", "req-1");
                response.setHeader("X-Custom", "c");
                response.setContentType("text/plain");
                response.getWriter().write("served " + request.getMethod());
              }
            }),
        "/*");
  }

  private static CorsPolicy.Builder web() {
    return CorsPolicy.custom().allowedOrigins(WEB);
  }

  private HttpResponse<String> preflight(String origin, String method, String headers)
      throws Exception {
    return headers == null
        ? app.send(
            "OPTIONS", "/api/donors", "Origin", origin, "Access-Control-Request-Method", method)
        : app.send(
            "OPTIONS",
            "/api/donors",
            "Origin",
            origin,
            "Access-Control-Request-Method",
            method,
            "Access-Control-Request-Headers",
            headers);
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private static List<String> corsHeaders(HttpResponse<?> response) {
    return response.headers().map().keySet().stream()
        .filter(name -> name.toLowerCase().startsWith("access-control-"))
        .toList();
  }

  @Test
  void allowedPreflightIsAnsweredByTheFilterWithOnlyTheRequestedHeaders() throws Exception {
    start(
        web()
            .allowedMethods("GET", "POST", "PUT")
            .allowedHeaders("Content-Type", "X-Trace", "Authorization")
            .build());

    HttpResponse<String> response = preflight(WEB, "PUT", "content-type, x-trace");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(handled).hasValue(0);
    assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo(WEB);
    assertThat(header(response, "Access-Control-Allow-Methods")).isEqualTo("GET, POST, PUT");
    assertThat(header(response, "Access-Control-Allow-Headers")).isEqualTo("content-type, x-trace");
    assertThat(header(response, "Access-Control-Max-Age")).isEqualTo("1800");
    assertThat(header(response, "Access-Control-Allow-Credentials")).isNull();
    assertThat(header(response, "Vary"))
        .isEqualTo("Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  }

  @Test
  void preflightFromADisallowedOriginIs403ProblemWithoutCorsHeaders() throws Exception {
    start(web().build());

    HttpResponse<String> response = preflight(EVIL, "GET", null);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(corsHeaders(response)).isEmpty();
    assertThat(header(response, "Content-Type")).isEqualTo("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(403);
    assertThat(problem.get("detail").asText()).contains("origin " + EVIL);
    assertThat(handled).hasValue(0);
    assertThat(filter.rejected(CorsFilter.Rejection.ORIGIN)).isEqualTo(1);
  }

  @Test
  void preflightForADisallowedMethodIs403() throws Exception {
    start(web().build());

    HttpResponse<String> response = preflight(WEB, "DELETE", null);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(corsHeaders(response)).isEmpty();
    assertThat(filter.rejected(CorsFilter.Rejection.METHOD)).isEqualTo(1);
  }

  @Test
  void preflightForADisallowedHeaderIs403() throws Exception {
    start(web().allowedHeaders("Content-Type").build());

    HttpResponse<String> response = preflight(WEB, "POST", "content-type,x-secret");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(corsHeaders(response)).isEmpty();
    assertThat(JSON.readTree(response.body()).get("detail").asText()).contains("x-secret");
    assertThat(filter.rejected(CorsFilter.Rejection.HEADERS)).isEqualTo(1);
  }

  @Test
  void plainOptionsWithoutARequestMethodGoesToTheApplication() throws Exception {
    start(web().build());

    HttpResponse<String> response = app.send("OPTIONS", "/api/donors", "Origin", WEB);

    assertThat(response.body()).isEqualTo("served OPTIONS");
    assertThat(handled).hasValue(1);
  }

  @Test
  void actualRequestFromAnAllowedOriginGetsOriginCredentialsAndExposedHeaders() throws Exception {
    start(web().allowCredentials(true).build());

    HttpResponse<String> response = app.get("/api/donors", "Origin", WEB);

    assertThat(response.body()).isEqualTo("served GET");
    assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo(WEB);
    assertThat(header(response, "Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(header(response, "Access-Control-Expose-Headers")).isEqualTo("X-Request-Id");
    assertThat(header(response, "Vary")).isEqualTo("Origin");
    assertThat(response.headers().allValues("Access-Control-Allow-Origin")).hasSize(1);
  }

  @Test
  void actualRequestFromADisallowedOriginIsServedWithoutCorsHeaders() throws Exception {
    start(web().build());

    HttpResponse<String> response = app.get("/api/donors", "Origin", EVIL);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("served GET");
    assertThat(corsHeaders(response)).isEmpty();
    assertThat(header(response, "Vary")).isEqualTo("Origin");
    assertThat(filter.rejected(CorsFilter.Rejection.ORIGIN)).isEqualTo(1);
  }

  @Test
  void disallowedOriginIsRefusedWith403WhenConfigured() throws Exception {
    start(web().rejectDisallowedOrigins(true).build());

    HttpResponse<String> refused = app.get("/api/donors", "Origin", EVIL);
    HttpResponse<String> allowed = app.get("/api/donors", "Origin", WEB);
    HttpResponse<String> noOrigin = app.get("/api/donors");

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(corsHeaders(refused)).isEmpty();
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(noOrigin.statusCode()).isEqualTo(200);
    assertThat(handled).hasValue(2);
  }

  @Test
  void wildcardOriginWithoutCredentialsIsAnsweredWithAStarAndNoVary() throws Exception {
    start(CorsPolicy.custom().allowedOrigins("*").build());

    HttpResponse<String> response = app.get("/api/donors", "Origin", EVIL);

    assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(header(response, "Vary")).isNull();
  }

  @Test
  void originPatternsMatchSubDomainsAnyPortAndPortLists() throws Exception {
    start(
        CorsPolicy.custom()
            .allowedOriginPatterns(
                "https://*.raktakosh.org", "http://localhost:[*]", "http://dev.local:[8080,8081]")
            .build());

    assertThat(allowOrigin("https://a.b.RaktaKosh.org")).isEqualTo("https://a.b.RaktaKosh.org");
    assertThat(allowOrigin("https://raktakosh.org")).isNull();
    assertThat(allowOrigin("http://app.raktakosh.org")).isNull();
    assertThat(allowOrigin("https://evilraktakosh.org")).isNull();
    assertThat(allowOrigin("http://localhost:5173")).isEqualTo("http://localhost:5173");
    assertThat(allowOrigin("http://localhost")).isEqualTo("http://localhost");
    assertThat(allowOrigin("http://dev.local:8081")).isEqualTo("http://dev.local:8081");
    assertThat(allowOrigin("http://dev.local:8082")).isNull();
  }

  private String allowOrigin(String origin) throws Exception {
    return header(app.get("/api/donors", "Origin", origin), "Access-Control-Allow-Origin");
  }

  @Test
  void sameOriginRequestIsNotTreatedAsCors() throws Exception {
    start(web().rejectDisallowedOrigins(true).build());

    HttpResponse<String> response = app.get("/api/donors", "Origin", app.baseUrl());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(corsHeaders(response)).isEmpty();
    assertThat(filter.rejected(CorsFilter.Rejection.ORIGIN)).isZero();
  }

  @Test
  void forwardedHeadersDecideTheOwnOriginOnlyWhenTrusted() throws Exception {
    String[] forwarded = {
      "Origin", "https://api.raktakosh.org",
      "X-Forwarded-Proto", "https",
      "X-Forwarded-Host", "api.raktakosh.org"
    };
    start(CorsConfig.custom().policy(web().rejectDisallowedOrigins(true).build()).build());
    assertThat(app.get("/api/donors", forwarded).statusCode()).isEqualTo(403);
    app.close();

    start(
        CorsConfig.custom()
            .policy(web().rejectDisallowedOrigins(true).build())
            .trustForwardedHeaders(true)
            .build());
    assertThat(app.get("/api/donors", forwarded).statusCode()).isEqualTo(200);
    assertThat(
            app.get(
                    "/api/donors",
                    "Origin",
                    "https://api.raktakosh.org:8443",
                    "X-Forwarded-Proto",
                    "https",
                    "X-Forwarded-Host",
                    "api.raktakosh.org",
                    "X-Forwarded-Port",
                    "8443")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void nullOriginIsRefusedUnlessConfigured() throws Exception {
    start(web().build());
    assertThat(header(app.get("/api/donors", "Origin", "null"), "Access-Control-Allow-Origin"))
        .isNull();
    assertThat(preflight("null", "GET", null).statusCode()).isEqualTo(403);
    app.close();

    start(web().allowNullOrigin(true).build());
    assertThat(header(app.get("/api/donors", "Origin", "null"), "Access-Control-Allow-Origin"))
        .isEqualTo("null");
  }

  @Test
  void privateNetworkPreflightIsAllowedOnlyWhenEnabled() throws Exception {
    start(web().build());
    HttpResponse<String> refused =
        app.send(
            "OPTIONS",
            "/api/donors",
            "Origin",
            WEB,
            "Access-Control-Request-Method",
            "GET",
            "Access-Control-Request-Private-Network",
            "true");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(corsHeaders(refused)).isEmpty();
    assertThat(filter.rejected(CorsFilter.Rejection.PRIVATE_NETWORK)).isEqualTo(1);
    app.close();

    start(web().allowPrivateNetwork(true).build());
    HttpResponse<String> allowed =
        app.send(
            "OPTIONS",
            "/api/donors",
            "Origin",
            WEB,
            "Access-Control-Request-Method",
            "GET",
            "Access-Control-Request-Private-Network",
            "true");
    assertThat(allowed.statusCode()).isEqualTo(204);
    assertThat(header(allowed, "Access-Control-Allow-Private-Network")).isEqualTo("true");
    assertThat(header(allowed, "Vary")).contains("Access-Control-Request-Private-Network");
  }

  @Test
  void varyIsMergedIntoWhatIsThereWithoutDuplicates() throws Exception {
    start(
        CorsConfig.of(web().build()),
        (request, response, chain) -> {
          ((HttpServletResponse) response).addHeader("Vary", "Accept-Encoding, origin");
          chain.doFilter(request, response);
        });

    HttpResponse<String> actual = app.get("/api/donors", "Origin", WEB);
    HttpResponse<String> pre = preflight(WEB, "GET", null);

    assertThat(actual.headers().allValues("Vary")).containsExactly("Accept-Encoding, origin");
    assertThat(pre.headers().allValues("Vary"))
        .containsExactly(
            "Accept-Encoding, origin, Access-Control-Request-Method,"
                + " Access-Control-Request-Headers");
  }

  @Test
  void withCredentialsAStarIsAnsweredByEchoingTheRequestedNames() throws Exception {
    start(
        web()
            .allowCredentials(true)
            .allowedHeaders("*")
            .exposedHeaders("*")
            .allowedMethods("*")
            .build());

    HttpResponse<String> pre = preflight(WEB, "PATCH", "authorization,x-trace");
    HttpResponse<String> actual = app.get("/api/donors", "Origin", WEB);

    assertThat(header(pre, "Access-Control-Allow-Headers")).isEqualTo("authorization, x-trace");
    assertThat(header(pre, "Access-Control-Allow-Methods")).isEqualTo("PATCH");
    assertThat(header(pre, "Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(header(actual, "Access-Control-Expose-Headers"))
        .contains("X-Request-Id", "X-Custom")
        .doesNotContain("*");
  }

  @Test
  void withoutCredentialsAnExposedStarIsSentAsIs() throws Exception {
    start(web().exposedHeaders("*").build());

    HttpResponse<String> actual = app.get("/api/donors", "Origin", WEB);

    assertThat(header(actual, "Access-Control-Expose-Headers")).isEqualTo("*");
    assertThat(header(actual, "Access-Control-Allow-Credentials")).isNull();
  }

  @Test
  void anOriginAlreadyAllowedOutsideIsNotAllowedTwice() throws Exception {
    start(
        CorsConfig.of(web().build()),
        (request, response, chain) -> {
          ((HttpServletResponse) response).addHeader("Access-Control-Allow-Origin", WEB);
          chain.doFilter(request, response);
        });

    HttpResponse<String> actual = app.get("/api/donors", "Origin", WEB);

    assertThat(actual.headers().allValues("Access-Control-Allow-Origin")).containsExactly(WEB);
  }

  @Test
  void pathRulesChooseThePolicyAndAnEmptyPolicyTurnsCorsOff() throws Exception {
    start(
        CorsConfig.custom()
            .path("/public/**", CorsPolicy.custom().allowedOrigins("*").build())
            .path("/internal/**", CorsPolicy.none())
            .policy(web().build())
            .build());

    assertThat(header(app.get("/public/x", "Origin", EVIL), "Access-Control-Allow-Origin"))
        .isEqualTo("*");
    assertThat(header(app.get("/api/donors", "Origin", EVIL), "Access-Control-Allow-Origin"))
        .isNull();
    assertThat(header(app.get("/api/donors", "Origin", WEB), "Access-Control-Allow-Origin"))
        .isEqualTo(WEB);
    HttpResponse<String> internal =
        app.send("OPTIONS", "/internal/x", "Origin", WEB, "Access-Control-Request-Method", "GET");
    assertThat(internal.body()).isEqualTo("served OPTIONS");
  }

  @Test
  void theActiveProfileReplacesTheDefaultPolicy() throws Exception {
    start(
        CorsConfig.custom()
            .profile("dev", CorsPolicy.custom().allowedOrigins("http://localhost:5173").build())
            .profile("prod", web().build())
            .activeProfile("dev")
            .build());

    assertThat(allowOrigin("http://localhost:5173")).isEqualTo("http://localhost:5173");
    assertThat(allowOrigin(WEB)).isNull();
  }

  @Test
  void rejectionsArePublishedToMicrometerByReason() throws Exception {
    start(web().build());
    preflight(EVIL, "GET", null);
    preflight(WEB, "DELETE", null);
    app.get("/api/donors", "Origin", EVIL);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    new CorsMetrics(filter).bindTo(meters);

    assertThat(
            meters.get("stability.cors.rejected").tag("reason", "origin").functionCounter().count())
        .isEqualTo(2.0);
    assertThat(
            meters.get("stability.cors.rejected").tag("reason", "method").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(
            meters
                .get("stability.cors.rejected")
                .tag("reason", "headers")
                .functionCounter()
                .count())
        .isZero();
  }
}
