package org.raktakosh.stability.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.raktakosh.stability.problem.Problem;
import org.raktakosh.stability.servlet.internal.OriginMatcher;
import org.raktakosh.stability.servlet.internal.PathPatterns;
import org.raktakosh.stability.servlet.internal.ProblemResponses;
import org.raktakosh.stability.servlet.internal.RequestPaths;
import org.raktakosh.stability.servlet.internal.VaryHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-origin resource sharing per the Fetch standard, configured by {@link CorsConfig}.
 *
 * <ul>
 *   <li>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method})
 *       is answered here and never reaches the application: 204 with the CORS headers when origin,
 *       method, every requested header and (if asked) private-network access are allowed; else 403
 *       {@code application/problem+json} without CORS headers. A plain {@code OPTIONS} goes on.
 *   <li>An actual request from an allowed origin gets {@code Access-Control-Allow-Origin} (the
 *       origin; {@code *} only for {@code *} origins without credentials), {@code
 *       Access-Control-Allow-Credentials: true} when on and {@code Access-Control-Expose-Headers}.
 *       The headers are set before the application runs, so that errors, 404s, 503s and timeouts
 *       written further in carry them too. A disallowed origin gets no CORS headers (the browser
 *       hides the answer) or, if configured, 403.
 *   <li>Same-origin requests (the {@code Origin} equals the request's scheme, host and port) and
 *       requests without {@code Origin} are not CORS and pass untouched, apart from {@code Vary}.
 *   <li>{@code Vary: Origin} is merged in whenever the answer depends on the origin; preflights
 *       vary on the request method and headers too.
 *   <li>If a filter outside already set {@code Access-Control-Allow-Origin}, none is added.
 * </ul>
 *
 * <p>Everything is parsed at start-up: per request the filter does a path match, one origin parse
 * and set look-ups. Install it for REQUEST and ERROR dispatches just inside {@link
 * TrustedHostFilter}; the ERROR dispatch only restores headers a container dropped.
 */
public final class CorsFilter implements Filter {

  /** Why a cross-origin request was refused, the {@code reason} tag of {@link CorsMetrics}. */
  public enum Rejection {
    /** The origin (or {@code null}) is not allowed. */
    ORIGIN("origin"),
    /** The preflight asked for a method not allowed. */
    METHOD("method"),
    /** The preflight asked for a header not allowed. */
    HEADERS("headers"),
    /** The preflight asked for private-network access, which is off. */
    PRIVATE_NETWORK("private-network");

    private final String tag;

    Rejection(String tag) {
      this.tag = tag;
    }

    /** The tag value. */
    public String tag() {
      return tag;
    }
  }

  static final String ORIGIN = "Origin";
  static final String REQUEST_METHOD = "Access-Control-Request-Method";
  static final String REQUEST_HEADERS = "Access-Control-Request-Headers";
  static final String REQUEST_PRIVATE_NETWORK = "Access-Control-Request-Private-Network";
  static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
  static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
  static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
  static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
  static final String ALLOW_PRIVATE_NETWORK = "Access-Control-Allow-Private-Network";
  static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
  static final String MAX_AGE = "Access-Control-Max-Age";

  private static final Logger log = LoggerFactory.getLogger(CorsFilter.class);

  private final CorsConfig config;
  private final Compiled defaultPolicy;
  private final Pattern[] pathPatterns;
  private final Compiled[] pathPolicies;
  private final Map<Rejection, LongAdder> rejections = new EnumMap<>(Rejection.class);

  /** A filter configured by {@code config}. */
  public CorsFilter(CorsConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.defaultPolicy = Compiled.of(config.policy());
    List<Pattern> patterns = new ArrayList<>();
    List<Compiled> policies = new ArrayList<>();
    config
        .paths()
        .forEach(
            (pattern, policy) -> {
              patterns.add(PathPatterns.compile(pattern));
              policies.add(Compiled.of(policy));
            });
    this.pathPatterns = patterns.toArray(new Pattern[0]);
    this.pathPolicies = policies.toArray(new Compiled[0]);
    for (Rejection rejection : Rejection.values()) {
      rejections.put(rejection, new LongAdder());
    }
  }

  /** The configuration. */
  public CorsConfig config() {
    return config;
  }

  /** Cross-origin requests refused for {@code reason} since start. */
  public long rejected(Rejection reason) {
    return rejections.get(reason).sum();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    Compiled policy = policyFor(request);
    if (policy == null) {
      chain.doFilter(request, response);
      return;
    }
    boolean first = request.getDispatcherType() == DispatcherType.REQUEST;
    String origin = request.getHeader(ORIGIN);
    // Parsed once, for both the same-origin check and the match; null for "null" and garbage.
    OriginMatcher.Origin parsed = origin == null ? null : OriginMatcher.Origin.parse(origin);
    if (origin == null || isSameOrigin(parsed, request)) {
      if (policy.varyOnOrigin) {
        VaryHeader.add(response, ORIGIN);
      }
      chain.doFilter(request, response);
      return;
    }
    if (first
        && "OPTIONS".equals(request.getMethod())
        && request.getHeader(REQUEST_METHOD) != null) {
      preflight(policy, origin, parsed, request, response);
      return;
    }
    if (policy.varyOnOrigin) {
      VaryHeader.add(response, ORIGIN);
    }
    if (!policy.allows(origin, parsed)) {
      if (first) {
        rejections.get(Rejection.ORIGIN).increment();
        log.debug("No CORS headers for origin {} on {}", origin, request.getRequestURI());
        if (policy.policy.rejectDisallowedOrigins()) {
          refuse(request, response, Rejection.ORIGIN, "origin " + origin + " is not allowed");
          return;
        }
      }
      chain.doFilter(request, response);
      return;
    }
    if (!response.containsHeader(ALLOW_ORIGIN)) {
      response.setHeader(ALLOW_ORIGIN, policy.wildcardOrigin ? "*" : origin);
      if (policy.policy.allowCredentials()) {
        response.setHeader(ALLOW_CREDENTIALS, "true");
      }
      if (policy.exposedHeaders != null) {
        response.setHeader(EXPOSE_HEADERS, policy.exposedHeaders);
      }
    }
    chain.doFilter(request, response);
    if (policy.exposeResponseHeaders && first && !response.isCommitted()) {
      exposeResponseHeaders(response);
    }
  }

  private void preflight(
      Compiled policy,
      String origin,
      OriginMatcher.Origin parsed,
      HttpServletRequest request,
      HttpServletResponse response) {
    if (policy.policy.allowPrivateNetwork()) {
      VaryHeader.add(response, ORIGIN, REQUEST_METHOD, REQUEST_HEADERS, REQUEST_PRIVATE_NETWORK);
    } else {
      VaryHeader.add(response, ORIGIN, REQUEST_METHOD, REQUEST_HEADERS);
    }
    if (!policy.allows(origin, parsed)) {
      refuse(request, response, Rejection.ORIGIN, "origin " + origin + " is not allowed");
      return;
    }
    String method = request.getHeader(REQUEST_METHOD).trim();
    if (!policy.anyMethod && !policy.methods.contains(method)) {
      refuse(request, response, Rejection.METHOD, "method " + method + " is not allowed");
      return;
    }
    String requested = request.getHeader(REQUEST_HEADERS);
    List<String> headers = requested == null ? List.of() : split(requested);
    if (!policy.anyHeader) {
      for (String header : headers) {
        if (!policy.headers.contains(header.toLowerCase(Locale.ROOT))) {
          refuse(request, response, Rejection.HEADERS, "header " + header + " is not allowed");
          return;
        }
      }
    }
    boolean privateNetwork = "true".equalsIgnoreCase(request.getHeader(REQUEST_PRIVATE_NETWORK));
    if (privateNetwork && !policy.policy.allowPrivateNetwork()) {
      refuse(request, response, Rejection.PRIVATE_NETWORK, "private network access is not allowed");
      return;
    }
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    if (!response.containsHeader(ALLOW_ORIGIN)) {
      response.setHeader(ALLOW_ORIGIN, origin);
    }
    if (policy.policy.allowCredentials()) {
      response.setHeader(ALLOW_CREDENTIALS, "true");
    }
    response.setHeader(ALLOW_METHODS, policy.anyMethod ? method : policy.allowMethods);
    if (!headers.isEmpty()) {
      response.setHeader(ALLOW_HEADERS, String.join(", ", headers));
    }
    response.setHeader(MAX_AGE, policy.maxAge);
    if (privateNetwork) {
      response.setHeader(ALLOW_PRIVATE_NETWORK, "true");
    }
  }

  private void refuse(
      HttpServletRequest request, HttpServletResponse response, Rejection reason, String detail) {
    rejections.get(reason).increment();
    log.debug("Refused CORS request to {}: {}", request.getRequestURI(), detail);
    Problem problem =
        ProblemResponses.forRequest(request, HttpServletResponse.SC_FORBIDDEN)
            .detail("Cross-origin request refused: " + detail + ".")
            .build();
    ProblemResponses.write(response, problem);
  }

  private Compiled policyFor(HttpServletRequest request) {
    if (pathPatterns.length > 0) {
      String path = RequestPaths.withinApplication(request);
      for (int i = 0; i < pathPatterns.length; i++) {
        if (pathPatterns[i].matcher(path).matches()) {
          return pathPolicies[i];
        }
      }
    }
    return defaultPolicy;
  }

  /** Whether {@code origin} is the request's own scheme, host and port. */
  private boolean isSameOrigin(OriginMatcher.Origin parsed, HttpServletRequest request) {
    if (parsed == null) {
      return false;
    }
    String scheme = request.getScheme();
    String host = request.getServerName();
    int port = request.getServerPort();
    if (config.trustForwardedHeaders()) {
      String proto = first(request.getHeader("X-Forwarded-Proto"));
      String forwardedHost = first(request.getHeader("X-Forwarded-Host"));
      String forwardedPort = first(request.getHeader("X-Forwarded-Port"));
      if (proto != null) {
        scheme = proto;
        port = "https".equalsIgnoreCase(proto) ? 443 : 80;
      }
      if (forwardedHost != null) {
        OriginMatcher.Origin forwarded = OriginMatcher.Origin.parse(scheme + "://" + forwardedHost);
        if (forwarded == null) {
          return false;
        }
        return parsed.sameAs(
            forwardedPort == null ? forwarded : withPort(scheme, forwardedHost, forwardedPort));
      }
      if (forwardedPort != null) {
        try {
          port = Integer.parseInt(forwardedPort);
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return parsed.sameAs(scheme, host, port);
  }

  private static OriginMatcher.Origin withPort(String scheme, String hostAndPort, String port) {
    String host = hostAndPort;
    int close = host.lastIndexOf(']');
    int colon = host.lastIndexOf(':');
    if (colon > close) {
      host = host.substring(0, colon);
    }
    return OriginMatcher.Origin.parse(scheme + "://" + host + ":" + port);
  }

  private static String first(String value) {
    if (value == null) {
      return null;
    }
    int comma = value.indexOf(',');
    String first = (comma < 0 ? value : value.substring(0, comma)).trim();
    return first.isEmpty() ? null : first;
  }

  private static List<String> split(String value) {
    List<String> names = new ArrayList<>();
    for (String token : value.split(",")) {
      String name = token.trim();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  private static void exposeResponseHeaders(HttpServletResponse response) {
    Set<String> names = new LinkedHashSet<>();
    String configured = response.getHeader(EXPOSE_HEADERS);
    if (configured != null) {
      names.addAll(split(configured));
    }
    Collection<String> present = response.getHeaderNames();
    for (String name : present) {
      if (!name.regionMatches(true, 0, "Access-Control-", 0, 15)) {
        names.add(name);
      }
    }
    if (!names.isEmpty()) {
      response.setHeader(EXPOSE_HEADERS, String.join(", ", names));
    }
  }

  /** A policy with its header values and look-up sets computed once. */
  private static final class Compiled {
    final CorsPolicy policy;
    final OriginMatcher origins;
    final boolean wildcardOrigin;
    final boolean varyOnOrigin;
    final boolean anyMethod;
    final Set<String> methods;
    final String allowMethods;
    final boolean anyHeader;
    final Set<String> headers;
    final String exposedHeaders;
    final boolean exposeResponseHeaders;
    final String maxAge;

    private Compiled(CorsPolicy policy) {
      this.policy = policy;
      this.origins = policy.origins();
      this.wildcardOrigin = origins.any() && !policy.allowCredentials();
      this.varyOnOrigin = !wildcardOrigin || policy.allowNullOrigin();
      this.anyMethod = policy.allowedMethods().contains("*");
      this.methods = Set.copyOf(policy.allowedMethods());
      this.allowMethods = String.join(", ", policy.allowedMethods());
      this.anyHeader = policy.allowedHeaders().contains("*");
      this.headers = new HashSet<>(policy.allowedHeaders());
      boolean exposeAll = policy.exposedHeaders().contains("*");
      this.exposeResponseHeaders = exposeAll && policy.allowCredentials();
      List<String> exposed = new ArrayList<>(policy.exposedHeaders());
      if (exposeResponseHeaders) {
        exposed.remove("*");
      }
      this.exposedHeaders = exposed.isEmpty() ? null : String.join(", ", exposed);
      this.maxAge = Long.toString(policy.maxAge().getSeconds());
    }

    static Compiled of(CorsPolicy policy) {
      return policy.isEmpty() ? null : new Compiled(policy);
    }

    boolean allows(String origin, OriginMatcher.Origin parsed) {
      if ("null".equals(origin)) {
        return policy.allowNullOrigin();
      }
      return origins.matches(parsed);
    }
  }
}
