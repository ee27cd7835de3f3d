package org.raktakosh.stability.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthRegistry;
import org.raktakosh.stability.health.HealthWatchdog;
import org.raktakosh.stability.health.WatchdogCallback;
import org.raktakosh.stability.health.checks.HealthChecks;
import org.raktakosh.stability.servlet.internal.FilterProperties;
import org.raktakosh.stability.servlet.internal.HealthProperties;
import org.raktakosh.stability.servlet.internal.Probes;
import org.raktakosh.stability.servlet.internal.ShutdownProperties;
import org.raktakosh.stability.servlet.internal.StateGates;
import org.raktakosh.stability.servlet.internal.TaskProperties;
import org.raktakosh.stability.servlet.internal.WarmupProperties;
import org.raktakosh.stability.shutdown.GracefulShutdown;
import org.raktakosh.stability.tasks.BackgroundTasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs Stability into a plain Servlet 6 application, without Spring, configured by the same
 * {@code stability.*} keys as the Spring starter:
 *
 * <pre>{@code
 * StabilityInstaller installer = StabilityInstaller.fromClasspath("stability.properties")
 *     .healthCheck("db", HealthChecks.dataSource(dataSource, Duration.ofSeconds(2)));
 * installer.install(servletContext); // from a ServletContainerInitializer
 * }</pre>
 *
 * <p>{@link #install} mounts the filters on every path in the architecture's order ({@link
 * RequestIdFilter}, {@link ShutdownGateFilter}, the load-shedding filters when switched on, {@link
 * ErrorRecoveryFilter}, {@link TimeoutFilter}), mounts {@link HealthServlet}, registers the
 * built-in resource checks as the Spring starter does ({@code stability.health.resources.*}: {@code
 * heap} and {@code deadlocks} in liveness, {@code diskSpace} as a readiness gate, each only under a
 * name the application has not taken), starts the registry (which fails if a group names an unknown
 * check) and the {@link HealthWatchdog} ({@code stability.watchdog.*}), and registers a JVM
 * shutdown hook that runs the {@link #gracefulShutdown() graceful shutdown} (which stops the {@link
 * #backgroundTasks()} after the drain). When the context is destroyed it stops the watchdog, closes
 * the registry, stops the background tasks and removes the hook. It must be called while the
 * context is being initialised (from a {@code ServletContainerInitializer} or a declared listener),
 * as the Servlet specification requires for dynamic registration.
 */
public final class StabilityInstaller {

  private static final Logger log = LoggerFactory.getLogger(StabilityInstaller.class);

  /** Name under which the health servlet is registered. */
  public static final String HEALTH_SERVLET_NAME = Probes.HEALTH_SERVLET_NAME;

  /** Name under which the request-id filter is registered. */
  public static final String REQUEST_ID_FILTER_NAME = "stabilityRequestId";

  /** Name under which the error-recovery filter is registered. */
  public static final String ERROR_RECOVERY_FILTER_NAME = "stabilityErrorRecovery";

  /** Name under which the shutdown gate is registered. */
  public static final String SHUTDOWN_GATE_FILTER_NAME = "stabilityShutdownGate";

  /** Name of the readiness check that turns DOWN when the shutdown begins. */
  public static final String SHUTDOWN_CHECK_NAME = "shutdown";

  /** Name under which the warm-up's readiness gate is registered. */
  public static final String WARMUP_CHECK_NAME = "warmup";

  /** Name under which the trusted-host filter is registered. */
  public static final String TRUSTED_HOST_FILTER_NAME = "stabilityTrustedHost";

  /** Name under which the CORS filter is registered. */
  public static final String CORS_FILTER_NAME = "stabilityCors";

  /** Name under which the rate-limit filter is registered. */
  public static final String RATE_LIMIT_FILTER_NAME = "stabilityRateLimit";

  /** Name under which the concurrency-limit filter is registered. */
  public static final String CONCURRENCY_LIMIT_FILTER_NAME = "stabilityConcurrencyLimit";

  /** Name under which the timeout filter is registered. */
  public static final String TIMEOUT_FILTER_NAME = "stabilityTimeout";

  /** Name under which the gzip filter is registered. */
  public static final String GZIP_FILTER_NAME = "stabilityGzip";

  private final HealthProperties properties;
  private final FilterProperties filters;
  private final TaskProperties taskProperties;
  private final BackgroundTasks tasks;
  private final HealthRegistry registry;
  private WatchdogCallback watchdogCallback;
  private volatile HealthWatchdog watchdog;
  private final ErrorRecoveryFilter errorRecovery;
  private final TimeoutFilter timeout;
  private final ShutdownProperties shutdownProperties;
  private final GracefulShutdown shutdown;
  private final TrustedHostFilter trustedHost;
  private final CorsFilter cors;
  private final GzipFilter gzip;
  private final Warmup warmup;

  private StabilityInstaller(Properties source) {
    this.properties = HealthProperties.parse(source);
    this.filters = FilterProperties.parse(source);
    this.shutdownProperties = ShutdownProperties.parse(source);
    this.taskProperties = TaskProperties.parse(source);
    this.tasks = BackgroundTasks.of(taskProperties.tasksConfig());
    this.registry = HealthRegistry.of(properties.registryConfig(), tasks);
    this.errorRecovery = new ErrorRecoveryFilter(filters.errorConfig());
    this.timeout = filters.timeoutEnabled() ? new TimeoutFilter(filters.timeoutConfig()) : null;
    if (shutdownProperties.enabled()) {
      this.shutdown = new GracefulShutdown(shutdownProperties.config());
      // Asked on every probe, never cached: readiness must turn DOWN at the first moment.
      registry.register(
          SHUTDOWN_CHECK_NAME,
          shutdown.readinessCheck(),
          properties.optionsFor(SHUTDOWN_CHECK_NAME, StateGates.OPTIONS));
      // After the drain, before the application's own stop actions (the container, last).
      shutdown.addStopAction("background tasks", tasks::close);
    } else {
      this.shutdown = null;
    }
    this.trustedHost =
        filters.trustedHostsEnabled() ? new TrustedHostFilter(filters.trustedHostConfig()) : null;
    this.cors = filters.corsEnabled() ? new CorsFilter(filters.corsConfig()) : null;
    this.gzip = filters.gzipEnabled() ? new GzipFilter(filters.gzipConfig()) : null;
    WarmupProperties warmupProperties = WarmupProperties.parse(source);
    if (warmupProperties.enabled()) {
      this.warmup = new Warmup(warmupProperties.config());
      registry.register(
          WARMUP_CHECK_NAME,
          warmup.readinessCheck(),
          properties.optionsFor(WARMUP_CHECK_NAME, StateGates.OPTIONS));
      if (shutdown != null) {
        // Its requests would only meet the drain's 503s.
        shutdown.addListener((from, to) -> warmup.close());
      }
    } else {
      this.warmup = null;
    }
  }

  /** An installer with every default. */
  public static StabilityInstaller withDefaults() {
    return new StabilityInstaller(new Properties());
  }

  /**
   * An installer configured by {@code properties}.
   *
   * @throws IllegalArgumentException naming the key of a bad or unknown {@code stability.*} value
   */
  public static StabilityInstaller fromProperties(Properties properties) {
    return new StabilityInstaller(Objects.requireNonNull(properties, "properties"));
  }

  /**
   * An installer configured by a properties file on the class path; an absent file means every
   * default.
   *
   * @throws IllegalArgumentException naming the key of a bad or unknown {@code stability.*} value
   * @throws UncheckedIOException if the file exists but cannot be read
   */
  public static StabilityInstaller fromClasspath(String resource) {
    Properties properties = new Properties();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = StabilityInstaller.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in != null) {
        properties.load(in);
      } else {
        log.info("No {} on the class path; Stability uses its defaults", resource);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return fromProperties(properties);
  }

  /** The registry that checks are added to; register more checks here at any time. */
  public HealthRegistry healthRegistry() {
    return registry;
  }

  /**
   * The background tasks ({@code stability.tasks.*}): the registry's background checks and the
   * watchdog run on them; schedule the application's own tasks here too. They stop, with {@code
   * stability.tasks.stop-grace} for running tasks, after the drain of a graceful shutdown, or when
   * the context is destroyed, that is after the container has stopped serving requests.
   */
  public BackgroundTasks backgroundTasks() {
    return tasks;
  }

  /**
   * Sets what the watchdog calls when it fires, besides logging (and exiting, with {@code
   * stability.watchdog.action=exit}). Call it before {@link #install}.
   */
  public StabilityInstaller watchdogCallback(WatchdogCallback callback) {
    this.watchdogCallback = Objects.requireNonNull(callback, "callback");
    return this;
  }

  /** The watchdog that {@link #install} started, or empty (before install, or switched off). */
  public java.util.Optional<HealthWatchdog> watchdog() {
    return java.util.Optional.ofNullable(watchdog);
  }

  /**
   * Registers a check with default options, overridden by {@code stability.health.defaults.*} and
   * {@code stability.health.checks.<name>.*}. A check named {@code heap}, {@code deadlocks} or
   * {@code diskSpace} takes the place of the built-in one if it is registered before {@link
   * #install}.
   *
   * @throws IllegalArgumentException if the name is taken
   */
  public StabilityInstaller healthCheck(String name, HealthCheck check) {
    return healthCheck(name, check, HealthCheckOptions.ofDefaults());
  }

  /**
   * Registers a check with {@code options}, overridden by the properties as for {@link
   * #healthCheck(String, HealthCheck)}.
   *
   * @throws IllegalArgumentException if the name is taken
   */
  public StabilityInstaller healthCheck(
      String name, HealthCheck check, HealthCheckOptions options) {
    registry.register(name, check, properties.optionsFor(name, options));
    return this;
  }

  /**
   * The error-recovery filter that {@link #install} mounts; add listeners such as {@link
   * ErrorMetrics} here.
   */
  public ErrorRecoveryFilter errorRecoveryFilter() {
    return errorRecovery;
  }

  /**
   * The graceful shutdown that the installed gate serves, unless {@code
   * stability.shutdown.enabled=false}: add stop actions to it (stop the container last), or run
   * {@link GracefulShutdown#shutdown()} yourself when {@code stability.shutdown.hook=false}.
   */
  public Optional<GracefulShutdown> gracefulShutdown() {
    return Optional.ofNullable(shutdown);
  }

  /**
   * The warm-up, when {@code stability.warmup.enabled=true}: its readiness gate ({@value
   * #WARMUP_CHECK_NAME}) is registered; start it once the server listens, e.g. {@code
   * installer.warmup().ifPresent(w -> w.start(URI.create("http://127.0.0.1:" + port)))}, or {@link
   * Warmup#start()} with {@code stability.warmup.base-url} set. Stopping the context or the
   * graceful shutdown ends it.
   */
  public Optional<Warmup> warmup() {
    return Optional.ofNullable(warmup);
  }

  /** The endpoint settings read from the properties. */
  public HealthEndpointConfig endpointConfig() {
    return properties.endpointConfig();
  }

  /**
   * Mounts the filters and the health endpoints in {@code context}, registers the built-in resource
   * checks that the application has not replaced, starts the registry and the watchdog, and stops
   * them and the background tasks with the context. With {@code stability.enabled=false} or {@code
   * stability.health.enabled=false} it mounts no endpoint, registers no resource check and starts
   * no watchdog.
   *
   * @throws IllegalStateException if a configured group names an unknown check, or a servlet of the
   *     same name is already registered
   */
  public void install(ServletContext context) {
    if (properties.enabled()) {
      // Here, not in the constructor: only now are the application's own checks all known.
      registerResourceChecks();
      registry.start(); // fails on a bad group before anything is mounted
      log.info("Stability health checks registered: {}", registry.names());
    }
    installFilters(context);
    if (shutdown != null && shutdownProperties.hook()) {
      shutdown.installShutdownHook();
      context.addListener(
          new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent event) {
              shutdown.removeShutdownHook();
            }
          });
    }
    context.addListener(
        new ServletContextListener() {
          @Override
          public void contextDestroyed(ServletContextEvent event) {
            // The container has stopped serving requests: stop what runs in the background.
            if (watchdog != null) {
              watchdog.close();
            }
            if (warmup != null) {
              warmup.close();
            }
            registry.close();
            tasks.close();
          }
        });
    if (!properties.enabled()) {
      log.info("Stability health endpoints are disabled");
      registry.close();
      return;
    }
    HealthEndpointConfig config = properties.endpointConfig();
    ServletRegistration.Dynamic registration =
        context.addServlet(HEALTH_SERVLET_NAME, new HealthServlet(registry, config));
    if (registration == null) {
      throw new IllegalStateException(
          "a servlet named " + HEALTH_SERVLET_NAME + " is already registered");
    }
    List<String> mappings = new ArrayList<>();
    mappings.add(config.path());
    mappings.add(config.path() + "/*");
    mappings.addAll(config.aliases().keySet());
    registration.addMapping(mappings.toArray(new String[0]));
    if (taskProperties.watchdogEnabled()) {
      watchdog =
          HealthWatchdog.start(registry, tasks, taskProperties.watchdogConfig(watchdogCallback));
    }
    log.info("Stability health endpoints at {}", mappings);
  }

  /**
   * The built-in resource checks ({@code stability.health.resources.*}), as the Spring starter
   * registers them: each under a name the application has not taken, so its own {@code heap} or
   * {@code diskSpace} wins, and through {@link #healthCheck(String, HealthCheck,
   * HealthCheckOptions)} so that the properties override their options (the diskSpace gate takes
   * its own overrides, not the defaults).
   */
  private void registerResourceChecks() {
    if (!properties.resourceChecksEnabled()) {
      return;
    }
    Set<String> taken = registry.names();
    HealthCheckOptions liveness =
        HealthCheckOptions.custom().groups(HealthCheckOptions.LIVENESS).build();
    if (!taken.contains("heap")) {
      healthCheck("heap", HealthChecks.heapMemory(), liveness);
    }
    if (!taken.contains("deadlocks")) {
      healthCheck("deadlocks", HealthChecks.deadlockedThreads(), liveness);
    }
    if (!taken.contains("diskSpace")) {
      healthCheck(
          "diskSpace",
          HealthChecks.diskSpace(properties.diskPath(), properties.diskMinFreeBytes()),
          HealthCheckOptions.custom().readinessGate().build());
    }
  }

  /**
   * Mounts the filters on every path, before filters declared in {@code web.xml}, in the order of
   * the architecture: request id outermost, the trusted-host check and CORS (each on when
   * configured), the shutdown gate, then the rate limit and the concurrency limit (both off unless
   * switched on), error recovery, the timeout, and gzip innermost.
   */
  private void installFilters(ServletContext context) {
    if (filters.requestIdEnabled()) {
      FilterRegistration.Dynamic requestId =
          context.addFilter(REQUEST_ID_FILTER_NAME, new RequestIdFilter(filters.requestIdHeader()));
      requestId.setAsyncSupported(true);
      requestId.addMappingForUrlPatterns(
          EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR),
          false,
          "/*");
    }
    if (trustedHost != null) {
      FilterRegistration.Dynamic hosts = context.addFilter(TRUSTED_HOST_FILTER_NAME, trustedHost);
      hosts.setAsyncSupported(true);
      hosts.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
    if (cors != null) {
      FilterRegistration.Dynamic crossOrigin = context.addFilter(CORS_FILTER_NAME, cors);
      crossOrigin.setAsyncSupported(true);
      // ERROR too: a container that drops headers on its error dispatch gets them back.
      crossOrigin.addMappingForUrlPatterns(
          EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR), false, "/*");
    }
    if (shutdown != null) {
      FilterRegistration.Dynamic gate =
          context.addFilter(SHUTDOWN_GATE_FILTER_NAME, new ShutdownGateFilter(shutdown));
      gate.setAsyncSupported(true);
      gate.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
    if (filters.rateLimitEnabled()) {
      FilterRegistration.Dynamic rate =
          context.addFilter(RATE_LIMIT_FILTER_NAME, new RateLimitFilter(filters.rateLimitConfig()));
      rate.setAsyncSupported(true);
      rate.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
    if (filters.concurrencyLimitEnabled()) {
      FilterRegistration.Dynamic concurrency =
          context.addFilter(
              CONCURRENCY_LIMIT_FILTER_NAME,
              new ConcurrencyLimitFilter(filters.concurrencyLimitConfig()));
      concurrency.setAsyncSupported(true);
      concurrency.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
    if (filters.errorsEnabled()) {
      FilterRegistration.Dynamic errors =
          context.addFilter(ERROR_RECOVERY_FILTER_NAME, errorRecovery);
      errors.setAsyncSupported(true);
      // ERROR too: the container's own errors are answered as problems, not by its error pages.
      errors.addMappingForUrlPatterns(
          EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR),
          false,
          "/*");
      errorRecovery.mountedForAsyncDispatches();
    }
    if (timeout != null) {
      FilterRegistration.Dynamic timing = context.addFilter(TIMEOUT_FILTER_NAME, timeout);
      timing.setAsyncSupported(true);
      timing.addMappingForUrlPatterns(
          EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
      timeout.mountedForAsyncDispatches();
    }
    if (gzip != null) {
      FilterRegistration.Dynamic compression = context.addFilter(GZIP_FILTER_NAME, gzip);
      compression.setAsyncSupported(true);
      compression.addMappingForUrlPatterns(
          EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
    }
  }

  /**
   * The gzip filter that {@link #install} mounts (for its counters, e.g. {@link GzipMetrics}), or
   * empty when {@code stability.gzip.enabled=false}.
   */
  public java.util.Optional<GzipFilter> gzipFilter() {
    return java.util.Optional.ofNullable(gzip);
  }

  /**
   * The trusted-host filter that {@link #install} mounts (for {@link TrustedHostMetrics}), or empty
   * when no allowed hosts are configured.
   */
  public java.util.Optional<TrustedHostFilter> trustedHostFilter() {
    return java.util.Optional.ofNullable(trustedHost);
  }

  /**
   * The CORS filter that {@link #install} mounts (for {@link CorsMetrics}), or empty when no origin
   * is configured.
   */
  public java.util.Optional<CorsFilter> corsFilter() {
    return java.util.Optional.ofNullable(cors);
  }

  /**
   * The timeout filter that {@link #install} mounts (for its counters, e.g. {@link
   * TimeoutMetrics}), or empty when {@code stability.timeout.enabled=false}.
   */
  public java.util.Optional<TimeoutFilter> timeoutFilter() {
    return java.util.Optional.ofNullable(timeout);
  }
}
