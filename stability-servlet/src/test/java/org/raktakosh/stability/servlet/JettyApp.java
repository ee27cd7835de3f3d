package org.raktakosh.stability.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A real Jetty 12 (ee10) server on a loopback port with Stability installed, for HTTP tests. */
final class JettyApp implements AutoCloseable {

  /** Request header that makes the test server report another remote address. */
  static final String REMOTE_ADDR_OVERRIDE = "X-Test-Remote-Addr";

  private final Server server;
  private final int port;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private JettyApp(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts Jetty; {@code install} runs while the context initialises, as an SCI would. */
  static JettyApp start(Consumer<jakarta.servlet.ServletContext> install) throws Exception {
    return start(context -> {}, install);
  }

  /**
   * Starts Jetty with the application's own servlets, filters and listeners added by {@code
   * configure}, and Stability installed by {@code install} as an SCI would.
   */
  static JettyApp start(
      Consumer<ServletContextHandler> configure, Consumer<jakarta.servlet.ServletContext> install)
      throws Exception {
    return start(configure, install, 200);
  }

  /** As {@link #start(Consumer, Consumer)}, with at most {@code maxThreads} worker threads. */
  static JettyApp start(
      Consumer<ServletContextHandler> configure,
      Consumer<jakarta.servlet.ServletContext> install,
      int maxThreads)
      throws Exception {
    Server server = new Server(new QueuedThreadPool(maxThreads));
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(
        new FilterHolder(new RemoteAddressOverride()), "/*", EnumSet.of(DispatcherType.REQUEST));
    configure.accept(context);
    context.addServletContainerInitializer(
        (classes, servletContext) -> install.accept(servletContext));
    server.setHandler(context);
    server.start();
    return new JettyApp(server, connector.getLocalPort());
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    return send("GET", path, headers);
  }

  CompletableFuture<HttpResponse<String>> getAsync(String path) {
    return client.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The port the server listens on. */
  int port() {
    return port;
  }

  /** Whether the server has stopped. */
  boolean isStopped() {
    return server.isStopped();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  /** Lets a test pretend the caller is remote; the installed servlet cannot tell the difference. */
  private static final class RemoteAddressOverride implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest http = (HttpServletRequest) request;
      String override = http.getHeader(REMOTE_ADDR_OVERRIDE);
      if (override == null) {
        chain.doFilter(request, response);
        return;
      }
      chain.doFilter(
          new HttpServletRequestWrapper(http) {
            @Override
            public String getRemoteAddr() {
              return override;
            }
          },
          response);
    }
  }
}
