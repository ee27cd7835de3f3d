package org.raktakosh.connect.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.raktakosh.stability.health.checks.HealthChecks;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.raktakosh.stability.servlet.jetty.ProblemErrorHandler;
import org.raktakosh.stability.servlet.jetty.TraceRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Stability stack on embedded Jetty 12 without Spring: filters and health endpoints installed
 * from {@code stability.properties} by {@link StabilityInstaller}, Jetty's own error page as
 * problem JSON ({@link ProblemErrorHandler}), {@code TRACE} refused ({@link TraceRefusal}), two
 * small endpoints, and a graceful shutdown on SIGTERM that drains requests before it stops Jetty.
 * Its health checks are a {@code ping} of its own and the installer's built-in {@code heap}, {@code
 * deadlocks} and {@code diskSpace} ({@code stability.health.resources.*}).
 *
 * <pre>
 * java -jar examples/servlet-jetty/target/servlet-jetty-example-0.1.0-SNAPSHOT.jar [port]
 * </pre>
 */
public final class JettyExample {

  private static final Logger log = LoggerFactory.getLogger(JettyExample.class);

  /** The port of the example: the Spring back end has 8003. */
  public static final int DEFAULT_PORT = 8004;

  private final Server server;
  private final StabilityInstaller installer;

  private JettyExample(Server server, StabilityInstaller installer) {
    this.server = server;
    this.installer = installer;
  }

  /** Runs the example until SIGTERM; the first argument, if any, is the port. */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
    JettyExample example = start(port, new Properties());
    log.info("Stability Jetty example on http://localhost:{}", example.port());
    example.server.join();
  }

  /**
   * Starts the example on {@code port} (0 for any free port) with {@code stability.properties} from
   * the class path, each key of {@code overrides} replacing the file's.
   */
  public static JettyExample start(int port, Properties overrides) throws Exception {
    Properties properties = new Properties();
    try (var in = JettyExample.class.getResourceAsStream("/stability.properties")) {
      if (in != null) {
        properties.load(in);
      }
    }
    properties.putAll(overrides);
    StabilityInstaller installer =
        StabilityInstaller.fromProperties(properties).healthCheck("ping", HealthChecks.ping());

    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false); // no "Server: Jetty(12.x)" on every answer
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new Hello()), "/api/hello");
    context.addServlet(new ServletHolder(new Slow()), "/api/slow");
    // Stability mounts itself as the context starts, as a ServletContainerInitializer would.
    context.addServletContainerInitializer(
        (classes, servletContext) -> installer.install(servletContext));
    // TRACE refused with 405 as Tomcat refuses it; Jetty would let HttpServlet echo it back.
    server.setHandler(TraceRefusal.around(context));
    // Requests Jetty refuses before any filter runs (unparsable, ambiguous paths) as problem JSON.
    server.setErrorHandler(new ProblemErrorHandler());
    // Not server.setStopAtShutdown(true): Stability's shutdown hook drains first, then stops Jetty.
    installer
        .gracefulShutdown()
        .ifPresent(shutdown -> shutdown.addStopAction("jetty", () -> stop(server)));
    server.start();
    JettyExample example = new JettyExample(server, installer);
    // Readiness stays DOWN until the warm-up (stability.warmup.*) has sent its requests.
    installer
        .warmup()
        .ifPresent(warmup -> warmup.start(URI.create("http://127.0.0.1:" + example.port())));
    return example;
  }

  /** The port Jetty listens on. */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** The installer, for its health registry and graceful shutdown. */
  public StabilityInstaller installer() {
    return installer;
  }

  /** Stops Jetty at once (tests). */
  public void stop() {
    stop(server);
  }

  private static void stop(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }

  /** {@code GET /api/hello?name=N}: a greeting as JSON; a name over 40 characters is a 400. */
  static final class Hello extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String name = request.getParameter("name");
      if (name == null || name.isBlank()) {
        name = "donor";
      }
      if (name.length() > 40) {
        // Mapped to 400 by stability.errors.mappings in stability.properties.
        throw new IllegalArgumentException("name must be at most 40 characters");
      }
      byte[] body =
          ("{\"greeting\":\"Hello, " + name.replaceAll("[^\\p{Alnum} .-]", "") + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      response.setContentType("application/json");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }

  /** {@code GET /api/slow?ms=N}: sleeps N ms (0 to 120000), interruptibly; for timeouts. */
  static final class Slow extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      long ms;
      try {
        ms = Long.parseLong(String.valueOf(request.getParameter("ms")));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("ms must be a whole number of milliseconds");
      }
      if (ms < 0 || ms > 120_000) {
        throw new IllegalArgumentException("ms must be between 0 and 120000");
      }
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        // The timeout has answered already; give up quietly.
        Thread.currentThread().interrupt();
        return;
      }
      response.setContentType("application/json");
      response.getWriter().write("{\"sleptMs\":" + ms + "}");
    }
  }
}
