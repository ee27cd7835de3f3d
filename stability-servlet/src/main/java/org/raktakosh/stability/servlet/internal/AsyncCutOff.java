package org.raktakosh.stability.servlet.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Cuts off a committed response on the async path, where no dispatch is running that could throw.
 *
 * <p>A container cuts a committed response off (no last chunk, connection closed) when a dispatch
 * ends with an exception, so that the client sees it is incomplete; completed normally, a short
 * body would look whole. On the async path (a task given to {@code AsyncContext.start} failing, an
 * async request timing out) nothing is dispatching, and the Servlet API has no abort. So the
 * request is marked and dispatched once more: the first Stability filter the ASYNC dispatch reaches
 * throws the marked failure before anything else runs, and the container cuts the response off as
 * after any failed dispatch.
 *
 * <p>Only a filter known to be mounted for ASYNC dispatches (told so by whoever mounted it, or one
 * has passed through it) may ask for this: a filter not mounted for them would let the dispatch
 * reach the servlet, which would run a second time. Such a filter completes the request instead.
 */
public final class AsyncCutOff {

  private static final String ATTRIBUTE = AsyncCutOff.class.getName();
  private static final String RELEASES = ATTRIBUTE + ".releases";

  private AsyncCutOff() {}

  /**
   * Marks {@code request} and dispatches it. Returns false if it could not be dispatched: completed
   * already, or dispatched by another listener (Spring MVC's, at a timeout), whose dispatch then
   * meets the mark.
   */
  public static boolean request(AsyncContext context, ServletRequest request, String reason) {
    request.setAttribute(ATTRIBUTE, new Failure(reason));
    try {
      context.dispatch();
      return true;
    } catch (IllegalStateException notDispatchable) {
      return false;
    }
  }

  /**
   * Registers what a filter must release if the request is cut off. The dispatch that cuts it off
   * fails in the first Stability filter it reaches, so filters inside never see it, and a container
   * need not tell async listeners about a cycle that ended in a failed dispatch (Jetty 12 does
   * not), so filters that release from {@code onComplete} would wait for ever. The gzip filter
   * registers its deflater, the shutdown gate and the bulkhead their end of request (see {@link
   * AtRequestEnd}), when a request goes async. Releases must be safe to run twice.
   */
  public static void onCutOff(ServletRequest request, Runnable release) {
    @SuppressWarnings("unchecked")
    List<Runnable> releases = (List<Runnable>) request.getAttribute(RELEASES);
    if (releases == null) {
      releases = new CopyOnWriteArrayList<>();
      request.setAttribute(RELEASES, releases);
    }
    releases.add(release);
  }

  /**
   * At the start of an ASYNC dispatch: throws the failure {@link #request} marked it with, once,
   * after running what filters registered with {@link #onCutOff}.
   *
   * @throws ServletException the marked failure
   */
  public static void throwIfRequested(ServletRequest request) throws ServletException {
    Object failure = request.getAttribute(ATTRIBUTE);
    if (failure instanceof Failure) {
      request.removeAttribute(ATTRIBUTE);
      release(request, (Failure) failure);
      throw (Failure) failure;
    }
  }

  /**
   * Runs what filters registered with {@link #onCutOff}: for an ASYNC dispatch that is about to
   * fail on a committed response, which ends the cycle as a cut-off does. A release that throws is
   * added to {@code failure} as suppressed; the others still run.
   */
  public static void release(ServletRequest request, Throwable failure) {
    Object releases = request.getAttribute(RELEASES);
    if (releases instanceof List) {
      for (Object release : (List<?>) releases) {
        try {
          ((Runnable) release).run();
        } catch (RuntimeException e) {
          failure.addSuppressed(e);
        }
      }
    }
  }

  /**
   * For a filter mounted for ASYNC dispatches, when the chain threw {@code failure}: if this is an
   * ASYNC dispatch and the response is committed, runs what filters registered with {@link
   * #onCutOff}, for the cycle ends there and a container need not tell async listeners (Jetty 12
   * does not). Every such filter calls it, so that the releases run whichever of them are on;
   * releases run twice are harmless.
   */
  public static void afterFailedDispatch(
      ServletRequest request, ServletResponse response, Throwable failure) {
    if (request.getDispatcherType() == DispatcherType.ASYNC && response.isCommitted()) {
      release(request, failure);
    }
  }

  /** The failure thrown on the marked dispatch; its message names why, it has no stack. */
  public static final class Failure extends ServletException {
    private static final long serialVersionUID = 1L;

    Failure(String reason) {
      super(reason);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
