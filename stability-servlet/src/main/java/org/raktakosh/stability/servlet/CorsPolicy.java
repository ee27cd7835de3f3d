package org.raktakosh.stability.servlet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.raktakosh.stability.servlet.internal.OriginMatcher;

/**
 * What {@link CorsFilter} allows for a set of paths: origins, methods, headers, credentials and
 * cache time of preflights. Immutable; build with {@link #custom()}. A policy without origins
 * allows nothing, which turns CORS off: its paths are served as if the filter were absent.
 *
 * <ul>
 *   <li>{@code allowedOrigins} (default none): exact origins such as {@code https://raktakosh.org},
 *       or {@code *} for every origin (not with credentials).
 *   <li>{@code allowedOriginPatterns} (default none): {@code https://*.raktakosh.org} (sub-domains
 *       at any depth), {@code http://localhost:[*]} (any port), {@code
 *       http://localhost:[8080,8081]} (those ports).
 *   <li>{@code allowedMethods} (default {@code GET, HEAD, POST}), or {@code *} for every method.
 *   <li>{@code allowedHeaders} (default {@code *}): request headers a preflight may ask for; a
 *       preflight is answered with the names it asked for, never with {@code *}, so the answer is
 *       the same with and without credentials and covers {@code Authorization} only if it is listed
 *       or {@code *} is.
 *   <li>{@code exposedHeaders} (default {@value RequestIdFilter#DEFAULT_HEADER}): response headers
 *       scripts may read. {@code *} is sent as is without credentials; with credentials, where the
 *       Fetch standard reads it literally, the names of the response's headers are sent instead.
 *   <li>{@code allowCredentials} (default false): sends {@code Access-Control-Allow-Credentials:
 *       true}, so cookies and HTTP authentication go with cross-origin requests.
 *   <li>{@code maxAge} (default 30 min): how long browsers may cache a preflight answer.
 *   <li>{@code allowPrivateNetwork} (default false): answers {@code
 *       Access-Control-Request-Private-Network: true} with {@code
 *       Access-Control-Allow-Private-Network: true} (Private Network Access).
 *   <li>{@code allowNullOrigin} (default false): allows {@code Origin: null}, sent by sandboxed
 *       frames, {@code file:} pages and some redirects.
 *   <li>{@code rejectDisallowedOrigins} (default false): answers an actual request from a
 *       disallowed origin with 403 instead of serving it without CORS headers.
 * </ul>
 */
public final class CorsPolicy {

  /** Default allowed methods. */
  public static final List<String> DEFAULT_ALLOWED_METHODS = List.of("GET", "HEAD", "POST");

  /** Default allowed request headers: all. */
  public static final List<String> DEFAULT_ALLOWED_HEADERS = List.of("*");

  /** Default exposed response headers: the request id. */
  public static final List<String> DEFAULT_EXPOSED_HEADERS =
      List.of(RequestIdFilter.DEFAULT_HEADER);

  /** Default preflight cache time. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(30);

  private static final CorsPolicy NONE = custom().build();

  private final List<String> allowedOrigins;
  private final List<String> allowedOriginPatterns;
  private final List<String> allowedMethods;
  private final List<String> allowedHeaders;
  private final List<String> exposedHeaders;
  private final boolean allowCredentials;
  private final Duration maxAge;
  private final boolean allowPrivateNetwork;
  private final boolean allowNullOrigin;
  private final boolean rejectDisallowedOrigins;
  private final OriginMatcher origins;

  private CorsPolicy(Builder builder) {
    this.allowedOrigins = builder.allowedOrigins;
    this.allowedOriginPatterns = builder.allowedOriginPatterns;
    this.allowedMethods = builder.allowedMethods;
    this.allowedHeaders = builder.allowedHeaders;
    this.exposedHeaders = builder.exposedHeaders;
    this.allowCredentials = builder.allowCredentials;
    this.maxAge = builder.maxAge;
    this.allowPrivateNetwork = builder.allowPrivateNetwork;
    this.allowNullOrigin = builder.allowNullOrigin;
    this.rejectDisallowedOrigins = builder.rejectDisallowedOrigins;
    this.origins =
        OriginMatcher.of(
            "allowedOrigins", allowedOrigins, "allowedOriginPatterns", allowedOriginPatterns);
  }

  /** A builder starting from the defaults (no origin allowed). */
  public static Builder custom() {
    return new Builder();
  }

  /** A policy that allows no origin: CORS off. */
  public static CorsPolicy none() {
    return NONE;
  }

  /** Whether the policy allows no origin at all (CORS off for its paths). */
  public boolean isEmpty() {
    return origins.isEmpty() && !allowNullOrigin;
  }

  /** Exact allowed origins, {@code *} meaning all (unmodifiable). */
  public List<String> allowedOrigins() {
    return allowedOrigins;
  }

  /** Allowed origin patterns (unmodifiable). */
  public List<String> allowedOriginPatterns() {
    return allowedOriginPatterns;
  }

  /** Allowed methods, {@code *} meaning all (unmodifiable). */
  public List<String> allowedMethods() {
    return allowedMethods;
  }

  /** Allowed request headers, {@code *} meaning all (unmodifiable). */
  public List<String> allowedHeaders() {
    return allowedHeaders;
  }

  /** Exposed response headers, {@code *} meaning all (unmodifiable). */
  public List<String> exposedHeaders() {
    return exposedHeaders;
  }

  /** Whether credentials are allowed. */
  public boolean allowCredentials() {
    return allowCredentials;
  }

  /** How long browsers may cache a preflight answer. */
  public Duration maxAge() {
    return maxAge;
  }

  /** Whether Private Network Access preflights are allowed. */
  public boolean allowPrivateNetwork() {
    return allowPrivateNetwork;
  }

  /** Whether {@code Origin: null} is allowed. */
  public boolean allowNullOrigin() {
    return allowNullOrigin;
  }

  /** Whether actual requests from disallowed origins are answered with 403. */
  public boolean rejectDisallowedOrigins() {
    return rejectDisallowedOrigins;
  }

  /** The compiled origin matcher. */
  OriginMatcher origins() {
    return origins;
  }

  @Override
  public String toString() {
    return "CorsPolicy{allowedOrigins="
        + allowedOrigins
        + ", allowedOriginPatterns="
        + allowedOriginPatterns
        + ", allowedMethods="
        + allowedMethods
        + ", allowedHeaders="
        + allowedHeaders
        + ", exposedHeaders="
        + exposedHeaders
        + ", allowCredentials="
        + allowCredentials
        + ", maxAge="
        + maxAge
        + ", allowPrivateNetwork="
        + allowPrivateNetwork
        + ", allowNullOrigin="
        + allowNullOrigin
        + ", rejectDisallowedOrigins="
        + rejectDisallowedOrigins
        + '}';
  }

  /**
   * Builds {@link CorsPolicy}; each setter rejects a bad value at once, {@link #build()} rejects
   * bad combinations. Messages start with the setting's name.
   */
  public static final class Builder {
    private List<String> allowedOrigins = List.of();
    private List<String> allowedOriginPatterns = List.of();
    private List<String> allowedMethods = DEFAULT_ALLOWED_METHODS;
    private List<String> allowedHeaders = DEFAULT_ALLOWED_HEADERS;
    private List<String> exposedHeaders = DEFAULT_EXPOSED_HEADERS;
    private boolean allowCredentials;
    private Duration maxAge = DEFAULT_MAX_AGE;
    private boolean allowPrivateNetwork;
    private boolean allowNullOrigin;
    private boolean rejectDisallowedOrigins;

    private Builder() {}

    /**
     * Sets the exact allowed origins, {@code *} for all.
     *
     * @throws IllegalArgumentException if one is not {@code *} or {@code scheme://host[:port]}
     */
    public Builder allowedOrigins(String... origins) {
      return allowedOrigins(Arrays.asList(origins));
    }

    /**
     * Sets the exact allowed origins, {@code *} for all.
     *
     * @throws IllegalArgumentException if one is not {@code *} or {@code scheme://host[:port]}
     */
    public Builder allowedOrigins(List<String> origins) {
      List<String> copy = copy("allowedOrigins", origins);
      OriginMatcher.of("allowedOrigins", copy, "allowedOriginPatterns", List.of());
      this.allowedOrigins = copy;
      return this;
    }

    /**
     * Sets the allowed origin patterns.
     *
     * @throws IllegalArgumentException if one is malformed
     */
    public Builder allowedOriginPatterns(String... patterns) {
      return allowedOriginPatterns(Arrays.asList(patterns));
    }

    /**
     * Sets the allowed origin patterns.
     *
     * @throws IllegalArgumentException if one is malformed
     */
    public Builder allowedOriginPatterns(List<String> patterns) {
      List<String> copy = copy("allowedOriginPatterns", patterns);
      OriginMatcher.of("allowedOrigins", List.of(), "allowedOriginPatterns", copy);
      this.allowedOriginPatterns = copy;
      return this;
    }

    /**
     * Sets the allowed methods (case-sensitive, as HTTP methods are), {@code *} for all.
     *
     * @throws IllegalArgumentException if one is empty or not an HTTP token
     */
    public Builder allowedMethods(String... methods) {
      return allowedMethods(Arrays.asList(methods));
    }

    /**
     * Sets the allowed methods (case-sensitive, as HTTP methods are), {@code *} for all.
     *
     * @throws IllegalArgumentException if one is empty or not an HTTP token
     */
    public Builder allowedMethods(List<String> methods) {
      this.allowedMethods = tokens("allowedMethods", methods, false);
      return this;
    }

    /**
     * Sets the request headers a preflight may ask for, {@code *} for all.
     *
     * @throws IllegalArgumentException if one is not an HTTP token
     */
    public Builder allowedHeaders(String... headers) {
      return allowedHeaders(Arrays.asList(headers));
    }

    /**
     * Sets the request headers a preflight may ask for, {@code *} for all.
     *
     * @throws IllegalArgumentException if one is not an HTTP token
     */
    public Builder allowedHeaders(List<String> headers) {
      this.allowedHeaders = tokens("allowedHeaders", headers, true);
      return this;
    }

    /**
     * Sets the response headers scripts may read, {@code *} for all; replaces the default.
     *
     * @throws IllegalArgumentException if one is not an HTTP token
     */
    public Builder exposedHeaders(String... headers) {
      return exposedHeaders(Arrays.asList(headers));
    }

    /**
     * Sets the response headers scripts may read, {@code *} for all; replaces the default.
     *
     * @throws IllegalArgumentException if one is not an HTTP token
     */
    public Builder exposedHeaders(List<String> headers) {
      this.exposedHeaders = tokens("exposedHeaders", headers, false);
      return this;
    }

    /** Sets whether credentials are allowed; {@link #build()} refuses it with origin {@code *}. */
    public Builder allowCredentials(boolean allowCredentials) {
      this.allowCredentials = allowCredentials;
      return this;
    }

    /**
     * Sets how long browsers may cache a preflight answer (whole seconds are sent).
     *
     * @throws IllegalArgumentException if negative
     * @throws NullPointerException if null
     */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative()) {
        throw new IllegalArgumentException("maxAge must not be negative but was " + maxAge);
      }
      this.maxAge = maxAge;
      return this;
    }

    /** Sets whether Private Network Access preflights are allowed. */
    public Builder allowPrivateNetwork(boolean allowPrivateNetwork) {
      this.allowPrivateNetwork = allowPrivateNetwork;
      return this;
    }

    /** Sets whether {@code Origin: null} is allowed. */
    public Builder allowNullOrigin(boolean allowNullOrigin) {
      this.allowNullOrigin = allowNullOrigin;
      return this;
    }

    /** Sets whether actual requests from disallowed origins get 403 instead of being served. */
    public Builder rejectDisallowedOrigins(boolean rejectDisallowedOrigins) {
      this.rejectDisallowedOrigins = rejectDisallowedOrigins;
      return this;
    }

    /**
     * The policy.
     *
     * @throws IllegalArgumentException if {@code *} origins are combined with credentials
     */
    public CorsPolicy build() {
      if (allowCredentials
          && (allowedOrigins.contains("*") || allowedOriginPatterns.contains("*"))) {
        throw new IllegalArgumentException(
            (allowedOrigins.contains("*") ? "allowedOrigins" : "allowedOriginPatterns")
                + " must not be * when allowCredentials is true: browsers refuse a wildcard"
                + " origin with credentials; list the origins or use patterns");
      }
      return new CorsPolicy(this);
    }

    private static List<String> copy(String setting, List<String> values) {
      Objects.requireNonNull(values, setting);
      List<String> copy = new ArrayList<>();
      for (String value : values) {
        if (value == null || value.isBlank()) {
          throw new IllegalArgumentException(setting + " entries must not be blank");
        }
        copy.add(value.trim());
      }
      return List.copyOf(copy);
    }

    private static List<String> tokens(String setting, List<String> values, boolean lowerCase) {
      List<String> copy = copy(setting, values);
      List<String> result = new ArrayList<>();
      for (String value : copy) {
        if (!value.equals("*") && !isToken(value)) {
          throw new IllegalArgumentException(
              setting + " entries must be * or HTTP tokens but one was '" + value + "'");
        }
        result.add(lowerCase ? value.toLowerCase(Locale.ROOT) : value);
      }
      return List.copyOf(result);
    }

    private static boolean isToken(String value) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
          return false;
        }
      }
      return !value.isEmpty();
    }
  }
}
