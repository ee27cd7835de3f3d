package org.raktakosh.stability.servlet;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a {@link Warmup}: which paths it requests, how many requests in all, how many at
 * once, and how long it may take before readiness turns UP anyway. Immutable; build with {@link
 * #custom()}.
 */
public final class WarmupConfig {

  /**
   * Default number of requests. In the example back end on 2 cores, 2 000, 5 000 and 10 000 gave
   * the same p99 under the overload that followed (40–50 ms, against 74–86 ms without warm-up),
   * while readiness came 5, 11 and 18 s after the port opened: the middle leaves room for
   * applications with more paths.
   */
  public static final int DEFAULT_REQUESTS = 5_000;

  /** Default requests at once: keeps both of a small machine's cores busy without queueing. */
  public static final int DEFAULT_CONCURRENCY = 4;

  /** Default longest warm-up; readiness turns UP then, warm or not. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** The most requests at once a warm-up may send. */
  public static final int MAX_CONCURRENCY = 64;

  private final List<String> paths;
  private final int requests;
  private final int concurrency;
  private final Duration timeout;
  private final URI baseUri;

  private WarmupConfig(Builder builder) {
    this.paths = List.copyOf(builder.paths);
    this.requests = builder.requests;
    this.concurrency = builder.concurrency;
    this.timeout = builder.timeout;
    this.baseUri = builder.baseUri;
  }

  /** A builder with the defaults and no paths; {@link Builder#build()} needs at least one. */
  public static Builder custom() {
    return new Builder();
  }

  /** The paths requested in turn, each from the server's root, query string included. */
  public List<String> paths() {
    return paths;
  }

  /** Requests in all, over every path. */
  public int requests() {
    return requests;
  }

  /** Requests at once. */
  public int concurrency() {
    return concurrency;
  }

  /** The longest the warm-up takes; after it readiness turns UP with what was done. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Where the requests go, if set here; {@link Warmup#start(URI)} is told otherwise (the Spring
   * starter tells it the embedded server's port).
   */
  public Optional<URI> baseUri() {
    return Optional.ofNullable(baseUri);
  }

  /**
   * Checks that {@code base} is a URI requests can be sent to: {@code http}, with a host, not
   * ending in {@code /} (each path, which starts with one, is appended to it).
   *
   * @throws IllegalArgumentException if it is not
   */
  static URI requireBase(URI base) {
    Objects.requireNonNull(base, "baseUri");
    if (!"http".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
      throw new IllegalArgumentException("baseUri must be an http URI with a host: " + base);
    }
    if (base.toString().endsWith("/")) {
      throw new IllegalArgumentException("baseUri must not end in '/': " + base);
    }
    return base;
  }

  @Override
  public String toString() {
    return "WarmupConfig{paths="
        + paths
        + ", requests="
        + requests
        + ", concurrency="
        + concurrency
        + ", timeout="
        + timeout
        + (baseUri == null ? "" : ", baseUri=" + baseUri)
        + '}';
  }

  /** Builds {@link WarmupConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private final List<String> paths = new ArrayList<>();
    private int requests = DEFAULT_REQUESTS;
    private int concurrency = DEFAULT_CONCURRENCY;
    private Duration timeout = DEFAULT_TIMEOUT;
    private URI baseUri;

    private Builder() {}

    /**
     * Adds paths to request, e.g. {@code "/api/inventory"} or {@code "/api/donors?city=Pune"}. Only
     * GET is sent: name paths whose GET changes nothing.
     *
     * @throws IllegalArgumentException if a path does not start with {@code /} or holds a space or
     *     a control character
     */
    public Builder paths(List<String> paths) {
      for (String path : paths) {
        this.paths.add(requirePath(path));
      }
      return this;
    }

    /**
     * Adds paths to request; see {@link #paths(List)}.
     *
     * @throws IllegalArgumentException as {@link #paths(List)} does
     */
    public Builder paths(String... paths) {
      return paths(List.of(paths));
    }

    /**
     * Sets the number of requests in all.
     *
     * @throws IllegalArgumentException if {@code requests} is below 1
     */
    public Builder requests(int requests) {
      if (requests < 1) {
        throw new IllegalArgumentException("requests must be at least 1 but was " + requests);
      }
      this.requests = requests;
      return this;
    }

    /**
     * Sets the number of requests at once.
     *
     * @throws IllegalArgumentException if {@code concurrency} is not 1 to {@link #MAX_CONCURRENCY}
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        throw new IllegalArgumentException(
            "concurrency must be 1 to " + MAX_CONCURRENCY + " but was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Sets the longest the warm-up may take.
     *
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be positive but was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets where the requests go, e.g. {@code http://127.0.0.1:8080}, for {@link Warmup#start()}.
     *
     * @throws IllegalArgumentException if {@code baseUri} is not {@code http}, has no host, or ends
     *     in {@code /}
     */
    public Builder baseUri(URI baseUri) {
      this.baseUri = requireBase(baseUri);
      return this;
    }

    /**
     * Builds the settings.
     *
     * @throws IllegalArgumentException if no path was added
     */
    public WarmupConfig build() {
      if (paths.isEmpty()) {
        throw new IllegalArgumentException("paths must name at least one path to request");
      }
      return new WarmupConfig(this);
    }

    private static String requirePath(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with '/': '" + path + "'");
      }
      for (int i = 0; i < path.length(); i++) {
        char c = path.charAt(i);
        if (c <= ' ' || c == 0x7f) {
          throw new IllegalArgumentException(
              "path must not hold spaces or control characters: '" + path + "'");
        }
      }
      return path;
    }
  }
}
