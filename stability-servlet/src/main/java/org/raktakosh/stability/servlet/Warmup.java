package org.raktakosh.stability.servlet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;
import org.raktakosh.stability.servlet.internal.WarmupRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a freshly started server up with its own requests before it reports ready, so that the
 * first real traffic meets compiled code instead of the interpreter.
 *
 * <p>A JVM runs a request's code interpreted at first and compiles the hot parts on background
 * threads over the next thousands of requests; on a small machine those compilations compete with
 * the requests for the same cores. A load balancer that sends an instance its share of traffic the
 * moment it is ready therefore sees slow answers for the first seconds. Here the instance sends
 * itself {@link WarmupConfig#requests()} GET requests over loopback, through the container and
 * every filter, and its {@link #readinessCheck() readiness gate} stays DOWN until they are done (or
 * {@link WarmupConfig#timeout()} has passed: a warm-up never keeps an instance out for good).
 *
 * <p>The requests carry a random token in a {@code Stability-Warmup} header, valid while the
 * warm-up runs, which exempts them from {@link RateLimitFilter} (a per-client limit would refuse
 * nearly all of them). Every other filter treats them as any request: they need a {@code Host} the
 * trusted hosts allow ({@code 127.0.0.1} by default, see {@link #start(URI)}), count in metrics,
 * and take bulkhead permits. The first request that fails at the connection (nothing listens, a
 * timeout) ends the warm-up, as the rest would fail the same way.
 *
 * <pre>{@code
 * Warmup warmup = new Warmup(WarmupConfig.custom().paths("/api/items").build());
 * installer.healthCheck("warmup", warmup.readinessCheck(),
 *     HealthCheckOptions.custom().readinessGate().cacheTtl(Duration.ZERO).build());
 * server.start();
 * warmup.start(URI.create("http://127.0.0.1:" + port));
 * }</pre>
 */
public final class Warmup implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Warmup.class);
  private static final SecureRandom TOKENS = new SecureRandom();

  private enum Phase {
    NEW,
    RUNNING,
    DONE
  }

  private final WarmupConfig config;
  private final String token;

  /** Set to RUNNING or DONE under the {@link #workers} lock, or to DONE by the last worker. */
  private volatile Phase phase = Phase.NEW;

  private final CompletableFuture<WarmupReport> result = new CompletableFuture<>();

  /** Index of the next request to send, over all workers. */
  private final AtomicInteger next = new AtomicInteger();

  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong clientErrors = new AtomicLong();
  private final AtomicLong serverErrors = new AtomicLong();

  /** Why the warm-up ended before sending every request; the first reason wins. */
  private final AtomicReference<String> stoppedBecause = new AtomicReference<>();

  /** What the warm-up did; set before {@link #phase} turns DONE. */
  private volatile WarmupReport report;

  private final List<Thread> workers = new ArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  private volatile long startNanos;
  private volatile long deadlineNanos;

  /** A warm-up with {@code config}; nothing is sent before {@link #start(URI)}. */
  public Warmup(WarmupConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    byte[] bytes = new byte[16];
    TOKENS.nextBytes(bytes);
    this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The settings. */
  public WarmupConfig config() {
    return config;
  }

  /**
   * Starts sending the requests to {@link WarmupConfig#baseUri()}, as {@link #start(URI)} does.
   *
   * @throws IllegalStateException if the settings name no base URI, or the warm-up was started or
   *     closed before
   */
  public CompletableFuture<WarmupReport> start() {
    return start(
        config
            .baseUri()
            .orElseThrow(() -> new IllegalStateException("the settings name no baseUri")));
  }

  /**
   * Starts sending the requests to {@code base} (e.g. {@code http://127.0.0.1:8080}; each path is
   * appended to it) on {@link WarmupConfig#concurrency()} daemon threads, and returns at once. The
   * future completes when the warm-up ends, however it ends; readiness turns UP at that moment.
   *
   * @throws IllegalArgumentException if {@code base} is not an {@code http} URI with a host, or
   *     ends in {@code /}
   * @throws IllegalStateException if the warm-up was started or closed before
   */
  public CompletableFuture<WarmupReport> start(URI base) {
    List<URI> targets = targets(base);
    synchronized (workers) {
      if (phase != Phase.NEW) {
        throw new IllegalStateException("a warm-up runs once; this one was started or closed");
      }
      phase = Phase.RUNNING;
    }
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    startNanos = System.nanoTime();
    deadlineNanos = startNanos + config.timeout().toNanos();
    WarmupRequests.activate(token);
    log.info(
        "Warm-up: {} GET request(s) to {} at {}, {} at once; readiness is DOWN until they are done"
            + " (at most {})",
        config.requests(),
        config.paths(),
        base,
        config.concurrency(),
        config.timeout());
    running.set(config.concurrency());
    synchronized (workers) {
      for (int i = 0; i < config.concurrency(); i++) {
        Thread worker = new Thread(() -> work(client, targets), "stability-warmup-" + (i + 1));
        worker.setDaemon(true);
        workers.add(worker);
      }
      workers.forEach(Thread::start);
    }
    return result.copy(); // completing the caller's copy does not end the warm-up
  }

  /**
   * A readiness gate: DOWN until the warm-up has ended, UP from then on, with what it did in its
   * details. Register it without caching, e.g. as {@code warmup} with {@code
   * HealthCheckOptions.custom().readinessGate()}.
   */
  public HealthCheck readinessCheck() {
    return () -> {
      switch (phase) {
        case NEW:
          return HealthResult.builder(Status.DOWN)
              .message("warm-up not started yet")
              .detail("requests", config.requests())
              .build();
        case RUNNING:
          return HealthResult.builder(Status.DOWN)
              .message("warming up")
              .detail("sent", sent.get())
              .detail("requests", config.requests())
              .build();
        default:
          WarmupReport report = this.report;
          HealthResult.Builder up =
              HealthResult.builder(Status.UP)
                  .message(report == null || report.complete() ? "warmed up" : "warm-up cut short");
          if (report != null) {
            up.detail("sent", report.sent())
                .detail("requests", config.requests())
                .detail("succeeded", report.succeeded())
                .detail("clientErrors", report.clientErrors())
                .detail("serverErrors", report.serverErrors())
                .detail("tookMs", report.took().toMillis());
            report.stoppedBecause().ifPresent(reason -> up.detail("stoppedBecause", reason));
          }
          return up.build();
      }
    };
  }

  /** Whether the warm-up has ended (readiness is UP from then on). */
  public boolean isDone() {
    return phase == Phase.DONE;
  }

  /**
   * Ends the warm-up: requests in progress are interrupted, no more are sent, and readiness turns
   * UP. A warm-up closed before it started never sends anything.
   */
  @Override
  public void close() {
    synchronized (workers) {
      if (phase == Phase.NEW) {
        stoppedBecause.compareAndSet(null, "closed before it started");
        report = report(Duration.ZERO);
        phase = Phase.DONE;
        result.complete(report);
        return;
      }
    }
    stoppedBecause.compareAndSet(null, "closed");
    synchronized (workers) {
      workers.forEach(Thread::interrupt);
    }
  }

  private List<URI> targets(URI base) {
    String text = WarmupConfig.requireBase(base).toString();
    List<URI> targets = new ArrayList<>();
    for (String path : config.paths()) {
      targets.add(URI.create(text + path));
    }
    return targets;
  }

  private void work(HttpClient client, List<URI> targets) {
    try {
      int i;
      while (stoppedBecause.get() == null && (i = next.getAndIncrement()) < config.requests()) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          stoppedBecause.compareAndSet(null, "timed out after " + config.timeout());
          return;
        }
        URI target = targets.get(i % targets.size());
        HttpRequest request =
            HttpRequest.newBuilder(target)
                .timeout(Duration.ofNanos(left))
                .header(WarmupRequests.HEADER, token)
                .GET()
                .build();
        sent.incrementAndGet();
        try {
          count(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
          stoppedBecause.compareAndSet(null, "GET " + target.getRawPath() + " failed: " + e);
        }
      }
    } catch (InterruptedException e) {
      stoppedBecause.compareAndSet(null, "interrupted");
    } finally {
      if (running.decrementAndGet() == 0) {
        finish();
      }
    }
  }

  private void count(int status) {
    if (status >= 500) {
      serverErrors.incrementAndGet();
    } else if (status >= 400) {
      clientErrors.incrementAndGet();
    } else {
      succeeded.incrementAndGet();
    }
  }

  private void finish() {
    WarmupRequests.deactivate(token);
    WarmupReport report = report(Duration.ofNanos(System.nanoTime() - startNanos));
    this.report = report;
    phase = Phase.DONE;
    long answered = report.succeeded() + report.clientErrors() + report.serverErrors();
    if (!report.complete()) {
      log.warn(
          "Warm-up cut short after {} ms ({}): {} of {} request(s) sent; readiness is UP",
          report.took().toMillis(),
          report.stoppedBecause().orElse(""),
          report.sent(),
          config.requests());
    } else if (report.clientErrors() + report.serverErrors() > answered / 2) {
      log.warn(
          "Warm-up done in {} ms, but {} of {} answer(s) were 4xx and {} were 5xx: do the paths {}"
              + " answer a plain GET, and do the trusted hosts allow the base URI's host?",
          report.took().toMillis(),
          report.clientErrors(),
          answered,
          report.serverErrors(),
          config.paths());
    } else {
      log.info(
          "Warm-up done in {} ms: {} request(s), {} 4xx, {} 5xx; readiness is UP",
          report.took().toMillis(),
          report.sent(),
          report.clientErrors(),
          report.serverErrors());
    }
    result.complete(report);
  }

  private WarmupReport report(Duration took) {
    return new WarmupReport(
        sent.get(),
        succeeded.get(),
        clientErrors.get(),
        serverErrors.get(),
        took,
        Optional.ofNullable(stoppedBecause.get()));
  }
}
