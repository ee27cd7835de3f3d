package org.raktakosh.stability.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthRegistry;
import org.raktakosh.stability.health.HealthReport;
import org.raktakosh.stability.internal.json.JsonWriter;
import org.raktakosh.stability.servlet.internal.HealthJson;
import org.raktakosh.stability.servlet.internal.RequestPaths;

/**
 * Serves a {@link HealthRegistry} over HTTP. Map it to {@code <path>}, {@code <path>/*} and each
 * alias path ({@link StabilityInstaller} and the Spring starter do this).
 *
 * <ul>
 *   <li>{@code GET|HEAD <path>}: {@code {"status":"UP"}}; 200 for UP, DEGRADED and UNKNOWN, 503 for
 *       DOWN.
 *   <li>{@code <path>/detailed}: every check with its details, analytics and the JVM's memory and
 *       threads, for callers the {@link DetailsPolicy} allows; the plain status for others.
 *   <li>{@code <path>/live}, {@code <path>/ready}: the {@code liveness} and {@code readiness}
 *       groups; {@code <path>/<group>} and aliases: any group. An unknown group is a 404 problem.
 * </ul>
 *
 * <p>Every answer carries {@code Cache-Control: no-store}. A client that accepts {@code
 * application/health+json} gets the IETF health-check draft format ({@code pass/warn/fail}).
 */
public final class HealthServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Media type of the IETF health-check draft format. */
  public static final String HEALTH_JSON = "application/health+json";

  private static final String JSON = "application/json";
  private static final String PROBLEM_JSON = "application/problem+json";

  private final transient HealthRegistry registry;
  private final transient HealthEndpointConfig config;

  /** A servlet serving {@code registry} as {@code config} says. */
  public HealthServlet(HealthRegistry registry, HealthEndpointConfig config) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = pathWithinApplication(request);
    boolean details = detailsAllowed(request);
    boolean healthJson = acceptsHealthJson(request);
    if (path.equals(config.path())) {
      HealthReport report = registry.evaluate();
      if (healthJson) {
        send(
            response,
            report.status().httpStatus(),
            HEALTH_JSON,
            HealthJson.healthJson(report, false));
      } else {
        send(response, report.status().httpStatus(), JSON, HealthJson.status(report.status()));
      }
      return;
    }
    Optional<String> group = groupFor(path);
    if (group.isEmpty()) {
      notFound(request, response, "No health endpoint at " + path);
      return;
    }
    Optional<HealthReport> evaluated =
        group.get().isEmpty()
            ? Optional.of(registry.evaluate())
            : registry.evaluateGroup(group.get());
    if (evaluated.isEmpty()) {
      notFound(request, response, "No health group '" + group.get() + "'");
      return;
    }
    HealthReport report = evaluated.get();
    int status = report.status().httpStatus();
    if (healthJson) {
      send(response, status, HEALTH_JSON, HealthJson.healthJson(report, details));
    } else if (details) {
      send(response, status, JSON, HealthJson.detailed(report, group.get().isEmpty()));
    } else {
      send(response, status, JSON, HealthJson.status(report.status()));
    }
  }

  /**
   * The group a path asks for: empty string for the detailed whole, the group's name otherwise, or
   * empty if the path names nothing.
   */
  private Optional<String> groupFor(String path) {
    String alias = config.aliases().get(path);
    if (alias != null) {
      return Optional.of(alias);
    }
    String prefix = config.path() + "/";
    if (!path.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = path.substring(prefix.length());
    if (rest.isEmpty() || rest.contains("/")) {
      return Optional.empty();
    }
    switch (rest) {
      case "detailed":
        return Optional.of("");
      case "live":
        return Optional.of(HealthCheckOptions.LIVENESS);
      case "ready":
        return Optional.of(HealthCheckOptions.READINESS);
      default:
        return Optional.of(rest);
    }
  }

  private boolean detailsAllowed(HttpServletRequest request) {
    switch (config.details()) {
      case ALWAYS:
        return true;
      case LOCALHOST:
        return isLoopback(request.getRemoteAddr());
      default:
        return false;
    }
  }

  static boolean isLoopback(String address) {
    if (address == null || address.isEmpty()) {
      return false;
    }
    String literal =
        address.startsWith("[") && address.endsWith("]")
            ? address.substring(1, address.length() - 1)
            : address;
    // Only IP literals: getByName on a literal parses it and never asks DNS.
    if (!literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
      return false;
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean acceptsHealthJson(HttpServletRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains(HEALTH_JSON);
  }

  private static String pathWithinApplication(HttpServletRequest request) {
    String path = RequestPaths.withinApplication(request);
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static void notFound(
      HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", "Not Found");
    problem.put("status", 404);
    problem.put("detail", detail);
    problem.put("instance", request.getRequestURI());
    send(response, 404, PROBLEM_JSON, JsonWriter.write(problem));
  }

  private static void send(HttpServletResponse response, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType(type);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
