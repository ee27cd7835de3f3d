package org.raktakosh.stability.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.raktakosh.stability.problem.ExceptionMappings;
import org.raktakosh.stability.problem.Problem;
import org.raktakosh.stability.problem.ProblemException;
import org.raktakosh.stability.servlet.internal.AsyncCutOff;
import org.raktakosh.stability.servlet.internal.ContainerStatuses;
import org.raktakosh.stability.servlet.internal.ForwardingAsyncContext;
import org.raktakosh.stability.servlet.internal.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure downstream (filters and servlets) into an RFC 9457 {@code
 * application/problem+json} answer with {@code status}, {@code title}, {@code instance} (the path),
 * {@code requestId} and {@code Cache-Control: no-store}.
 *
 * <ul>
 *   <li>An exception on an uncommitted response: the buffer is reset (headers set by outer filters,
 *       such as CORS and the request id, stay) and the problem is written: 500, or what the
 *       exception's {@link ProblemException} or the configured {@link ExceptionMappings} say. The
 *       body names no exception class, message or stack frame unless {@link
 *       ErrorRecoveryConfig#includeDetails()} is on. One ERROR log with the stack trace for a 5xx
 *       (DEBUG for a mapped 4xx); the exception does not reach the container, which would log it
 *       again and render its own page.
 *   <li>A client that went away (broken pipe, Jetty's {@code EofException}, Tomcat's {@code
 *       ClientAbortException}): DEBUG, nothing written, not a 500.
 *   <li>An exception after the response was committed: one WARN, then the exception goes on to the
 *       container, which cuts the response off (no last chunk, connection closed), so that the
 *       client sees it is incomplete instead of a short body that looks whole. The same on the
 *       async path, where the filter then leaves the request to the container's error handling. A
 *       task given to {@code AsyncContext.start} that fails after commit, where nothing is
 *       dispatching, is cut off by one more ASYNC dispatch that the filter fails at once. Until the
 *       filter knows that it is mounted for ASYNC dispatches ({@link #mountedForAsyncDispatches()},
 *       or one has passed through it), such a response is completed: a dispatch the filter does not
 *       see would run the servlet a second time.
 *   <li>An {@link Error} (out of memory, stack overflow): logged, answered if possible, rethrown.
 *   <li>A bodiless {@code sendError(4xx/5xx)}: the same problem format, unless switched off ({@link
 *       ErrorRecoveryConfig#problemForSendError()}). So is a 4xx/5xx status that was set and left
 *       with nothing else: no body begun, no {@code Content-Type}, no {@code Content-Length}, not
 *       committed when the chain returns (a framework that could not write its own error body, such
 *       as Spring MVC for an {@code Accept} header it cannot parse).
 *   <li>An error on the async path ({@code AsyncListener.onError}): the same problem, same id.
 *   <li>An ERROR dispatch, the container's own way to an error page for an error the filter could
 *       not see (Tomcat's own {@code sendError(400)} for a request body it cannot read, an
 *       exception from a filter outside this one): answered with the same problem format instead of
 *       the page (Spring Boot's {@code /error}, a {@code web.xml} error page), with the switch of
 *       {@code sendError}.
 * </ul>
 *
 * <p>Install it for REQUEST, ASYNC and ERROR dispatches, inside {@link RequestIdFilter}.
 */
public final class ErrorRecoveryFilter implements Filter {

  private static final Logger log = LoggerFactory.getLogger(ErrorRecoveryFilter.class);

  private static final List<String> CLIENT_ABORT_TYPES =
      List.of(
          "org.eclipse.jetty.io.EofException",
          "org.apache.catalina.connector.ClientAbortException",
          "java.nio.channels.ClosedChannelException");

  /**
   * Set on a request whose failure after commit was reported and thrown on to the container, which
   * may then hand the same failure to {@code AsyncListener.onError}: one report is enough.
   */
  private static final String COMMITTED_FAILURE_REPORTED =
      ErrorRecoveryFilter.class.getName() + ".committedFailureReported";

  private final ErrorRecoveryConfig config;
  private final List<ErrorListener> listeners = new CopyOnWriteArrayList<>();

  /**
   * Whether the filter is known to be mounted for ASYNC dispatches (told so, or one has passed):
   * only then may a committed async failure be cut off by a dispatch (see {@link AsyncCutOff}).
   */
  private volatile boolean seesAsyncDispatches;

  /** A filter with every default. */
  public ErrorRecoveryFilter() {
    this(ErrorRecoveryConfig.ofDefaults());
  }

  /** A filter configured by {@code config}. */
  public ErrorRecoveryFilter(ErrorRecoveryConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Adds a listener (e.g. {@link ErrorMetrics}). */
  public void addListener(ErrorListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Tells the filter that it is mounted for ASYNC dispatches, as {@link StabilityInstaller} and the
   * Spring starter mount it, so that it cuts off a committed async response from the first request
   * on rather than only once an ASYNC dispatch has passed through it. Call it only when that is
   * true: the cut-off is one more ASYNC dispatch, which would reach the servlet if the filter were
   * not mounted for it.
   */
  public void mountedForAsyncDispatches() {
    seesAsyncDispatches = true;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
      chain.doFilter(req, res);
      return;
    }
    if (req.getDispatcherType() == DispatcherType.ERROR) {
      if (!config.problemForSendError() || !answerErrorDispatch(req, (HttpServletResponse) res)) {
        chain.doFilter(req, res);
      }
      return;
    }
    if (req.getDispatcherType() == DispatcherType.ASYNC) {
      if (!seesAsyncDispatches) {
        seesAsyncDispatches = true; // written once: not a shared write per dispatch
      }
      try {
        AsyncCutOff.throwIfRequested(req);
      } catch (AsyncCutOff.Failure failure) {
        // Reported when it happened; thrown on for the container to cut the response off.
        req.setAttribute(COMMITTED_FAILURE_REPORTED, Boolean.TRUE);
        throw failure;
      }
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    SendErrorCapture capture = config.problemForSendError() ? new SendErrorCapture(response) : null;
    try {
      chain.doFilter(new AsyncGuard(request, response), capture != null ? capture : response);
    } catch (AsyncCutOff.Failure failure) {
      // An inner filter cutting off an async response it reported already (the timeout's).
      request.setAttribute(COMMITTED_FAILURE_REPORTED, Boolean.TRUE);
      throw failure;
    } catch (Throwable error) {
      boolean answered = recover(request, response, error);
      if (!answered) {
        request.setAttribute(COMMITTED_FAILURE_REPORTED, Boolean.TRUE);
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
          // The cycle ends with this failed dispatch, and a container may tell no async listener
          // (Jetty): what outer filters hold until onComplete is given back here.
          AsyncCutOff.release(request, error);
        }
      }
      if (error instanceof Error) {
        throw (Error) error;
      }
      if (!answered) {
        // Committed: only the container can still tell the client, by cutting the response off
        // (no last chunk, connection closed) instead of ending it as if it were whole.
        rethrow(error);
      }
      return;
    }
    if (request.isAsyncStarted()) {
      request.getAsyncContext().addListener(new AsyncErrors(request, response));
      return;
    }
    if (capture != null && capture.status > 0) {
      answer(request, response, capture.status, capture.message, path(request));
    } else if (capture != null && capture.leftBodiless()) {
      // An error status and no body: the application, or a framework that could not write its
      // own error body (Spring MVC, for an Accept header it cannot parse), left it like that.
      answer(request, response, capture.getStatus(), null, path(request));
    }
  }

  /**
   * Logs, counts and answers a failure. Returns false only when the response was already committed,
   * so that no answer could be written.
   */
  private boolean recover(
      HttpServletRequest request, HttpServletResponse response, Throwable error) {
    Throwable cause = unwrap(error);
    if (hasCause(error, InterruptedException.class)) {
      // The request is answered, but whoever owns this thread must still see the interrupt.
      Thread.currentThread().interrupt();
    }
    if (isClientAbort(error)) {
      log.debug(
          "Client went away during {} {} [requestId={}]: {}",
          request.getMethod(),
          path(request),
          requestId(request),
          cause.toString());
      notifyListeners(l -> l.onClientAbort(request, cause));
      return true;
    }
    if (response.isCommitted()) {
      log.warn(
          "Exception after the response to {} {} was committed (status {}); the container cuts"
              + " it off [requestId={}]",
          request.getMethod(),
          path(request),
          response.getStatus(),
          requestId(request),
          cause);
      notifyListeners(l -> l.onCommitted(request, cause));
      return false;
    }
    Problem problem = problemFor(request, cause);
    if (problem.status() >= 500) {
      log.error(
          "Unhandled exception on {} {} answered {} [requestId={}]",
          request.getMethod(),
          path(request),
          problem.status(),
          requestId(request),
          cause);
    } else {
      log.debug(
          "{} {} answered {} for {} [requestId={}]",
          request.getMethod(),
          path(request),
          problem.status(),
          cause.getClass().getName(),
          requestId(request));
    }
    // Count before answering, so that metrics already show a failure its client has seen.
    notifyListeners(l -> l.onProblem(request, problem, cause));
    ProblemResponses.write(response, problem);
    return true;
  }

  /** Throws the failure again, unchanged unless {@code doFilter} cannot declare its type. */
  private static void rethrow(Throwable error) throws IOException, ServletException {
    if (error instanceof IOException) {
      throw (IOException) error;
    }
    if (error instanceof ServletException) {
      throw (ServletException) error;
    }
    if (error instanceof RuntimeException) {
      throw (RuntimeException) error;
    }
    throw new ServletException(error);
  }

  private Problem problemFor(HttpServletRequest request, Throwable cause) {
    Problem.Builder builder;
    Optional<ProblemException> carried = find(cause, ProblemException.class);
    if (carried.isPresent()) {
      builder = carried.get().problem().toBuilder();
    } else {
      builder =
          config
              .mappings()
              .find(cause)
              .map(ExceptionMappings.Mapping::toProblem)
              // A container's own exception for a request it could not read: its status (400...).
              .orElseGet(() -> Problem.builder(ContainerStatuses.of(cause).orElse(500)));
      if (config.includeDetails() && cause.getMessage() != null) {
        builder.detail(cause.getMessage());
      }
    }
    builder.instance(path(request)).extension("requestId", requestId(request));
    if (config.includeDetails()) {
      builder.extension("exception", cause.getClass().getName());
      List<String> frames = new ArrayList<>();
      StackTraceElement[] trace = cause.getStackTrace();
      for (int i = 0; i < Math.min(ErrorRecoveryConfig.DETAIL_FRAMES, trace.length); i++) {
        frames.add(trace[i].toString());
      }
      builder.extension("stackTrace", frames);
    }
    return builder.build();
  }

  /**
   * Answers an ERROR dispatch itself instead of the error page it is for, and returns whether it
   * did. The container dispatches to an error page for an error the filter could not see: a {@code
   * sendError} it made on its own response (Tomcat does, for a request body it cannot read: 400, or
   * 408 for one that stops arriving) or an exception from a filter outside this one. A committed
   * response is left to the container.
   */
  private boolean answerErrorDispatch(ServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer ? (Integer) code : response.getStatus();
    if (status < 400 || status > 599 || response.isCommitted()) {
      return false;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    log.debug(
        "The container's error {} for {} answered as a problem [requestId={}]",
        status,
        uri,
        requestId(http));
    answer(
        http,
        response,
        status,
        message instanceof String && !((String) message).isEmpty() ? (String) message : null,
        uri instanceof String ? (String) uri : null);
    return true;
  }

  /**
   * Answers a bodiless error status, with the container's message in development mode; {@code
   * instance} is the path the error is about, if known.
   */
  private void answer(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String message,
      String instance)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    Problem.Builder builder = Problem.builder(status);
    if (config.includeDetails() && message != null) {
      builder.detail(message);
    }
    if (instance != null) {
      builder.instance(instance);
    }
    Problem problem = builder.extension("requestId", requestId(request)).build();
    notifyListeners(l -> l.onProblem(request, problem, null));
    ProblemResponses.write(response, problem);
  }

  private void notifyListeners(Consumer<ErrorListener> event) {
    for (ErrorListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        log.warn("Error listener {} threw; ignoring it", listener, e);
      }
    }
  }

  private static String requestId(HttpServletRequest request) {
    return RequestIdFilter.requestId(request).orElse(null);
  }

  private static String path(HttpServletRequest request) {
    return request.getRequestURI();
  }

  /** The exception behind servlet wrappers: what the application actually threw. */
  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while (current instanceof ServletException
        && ((ServletException) current).getRootCause() != null
        && current.getCause() != current) {
      current = ((ServletException) current).getRootCause();
    }
    return current;
  }

  private static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }

  private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
    return find(error, type).isPresent();
  }

  /** Whether the failure is the client closing the connection rather than a server fault. */
  static boolean isClientAbort(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
        if (CLIENT_ABORT_TYPES.contains(c.getName())) {
          return true;
        }
      }
      if (t instanceof IOException && t.getMessage() != null) {
        String message = t.getMessage();
        if (message.contains("Broken pipe") || message.contains("Connection reset by peer")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Answers errors raised on the async path with the same problem and the same request id. */
  private final class AsyncErrors implements AsyncListener {
    private final HttpServletRequest request;
    private final HttpServletResponse response;

    AsyncErrors(HttpServletRequest request, HttpServletResponse response) {
      this.request = request;
      this.response = response;
    }

    @Override
    public void onError(AsyncEvent event) {
      if (request.getAttribute(COMMITTED_FAILURE_REPORTED) != null) {
        return; // the filter reported it on the dispatch that threw it; the container cuts off
      }
      Throwable error = event.getThrowable();
      if (!recover(
          request, response, error == null ? new IllegalStateException("async error") : error)) {
        // Committed: left to the container's own error handling, which cuts the response off;
        // complete() would end it as if it were whole.
        return;
      }
      try {
        event.getAsyncContext().complete();
      } catch (IllegalStateException alreadyCompleted) {
        log.debug("Async request already completed");
      }
    }

    @Override
    public void onComplete(AsyncEvent event) {}

    @Override
    public void onTimeout(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }

  /**
   * Guards {@link AsyncContext#start(Runnable)}: containers only log an exception thrown by such a
   * task and leave the request open until its async timeout (forever with a timeout of 0). The
   * guard answers it like any other failure and completes the request.
   */
  private final class AsyncGuard extends HttpServletRequestWrapper {
    private final HttpServletRequest request;
    private final HttpServletResponse response;

    AsyncGuard(HttpServletRequest request, HttpServletResponse response) {
      super(request);
      this.request = request;
      this.response = response;
    }

    @Override
    public AsyncContext startAsync() {
      return new GuardedAsyncContext(super.startAsync());
    }

    @Override
    public AsyncContext startAsync(ServletRequest req, ServletResponse res) {
      return new GuardedAsyncContext(super.startAsync(req, res));
    }

    @Override
    public AsyncContext getAsyncContext() {
      return new GuardedAsyncContext(super.getAsyncContext());
    }

    /** Forwards everything; wraps tasks given to {@link #start}. */
    private final class GuardedAsyncContext extends ForwardingAsyncContext {

      GuardedAsyncContext(AsyncContext delegate) {
        super(delegate);
      }

      @Override
      public void start(Runnable task) {
        delegate.start(
            () -> {
              try {
                task.run();
              } catch (Throwable error) {
                boolean answered = recover(request, response, error);
                if (answered
                    || !seesAsyncDispatches
                    || !stillAsync(request)
                    || !AsyncCutOff.request(
                        delegate, request, "async task failed after the response was committed")) {
                  // Answered; or committed and not to be cut off here (the filter does not know
                  // that it is mounted for ASYNC dispatches, or the task completed or dispatched
                  // the request itself before it failed).
                  try {
                    delegate.complete();
                  } catch (IllegalStateException alreadyCompleted) {
                    log.debug("Async request already completed");
                  }
                }
                if (error instanceof Error) {
                  throw (Error) error;
                }
              }
            });
      }
    }
  }

  /**
   * Whether {@code request} is still in async mode. A task that completed (or dispatched) its
   * request before it failed leaves an object the container may already have recycled for another
   * request: nothing may be marked on it. Tomcat's recycled facades throw.
   */
  private static boolean stillAsync(HttpServletRequest request) {
    try {
      return request.isAsyncStarted();
    } catch (IllegalStateException recycled) {
      return false;
    }
  }

  /**
   * Holds back a {@code sendError(4xx/5xx)} so the filter can answer it in the problem format
   * instead of the container's error page, and tells whether the application began a body.
   */
  private static final class SendErrorCapture extends HttpServletResponseWrapper {
    int status;
    String message;
    private boolean bodyBegun;

    SendErrorCapture(HttpServletResponse response) {
      super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      bodyBegun = true;
      return super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      bodyBegun = true;
      return super.getWriter();
    }

    /**
     * Whether the response has a 4xx/5xx status and nothing else: not committed, no body begun, and
     * neither a {@code Content-Type} nor a {@code Content-Length} that would say what the body is
     * (a deliberate {@code Content-Length: 0} stays as it is).
     */
    boolean leftBodiless() {
      int current = getStatus();
      return current >= 400
          && current <= 599
          && !bodyBegun
          && !isCommitted()
          && getContentType() == null
          && !containsHeader("Content-Length");
    }

    @Override
    public void sendError(int sc) throws IOException {
      sendError(sc, null);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
      if (sc < 400 || isCommitted()) {
        super.sendError(sc, msg);
        return;
      }
      resetBuffer();
      setStatus(sc);
      this.status = sc;
      this.message = msg;
    }
  }
}
