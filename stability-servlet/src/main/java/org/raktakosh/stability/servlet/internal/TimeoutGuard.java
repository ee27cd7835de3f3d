package org.raktakosh.stability.servlet.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The response a timed request's handler sees. Every change to the real response happens under
 * {@link #lock()}; once {@link #timeOut()} has been called (by the deadline, holding the lock) the
 * handler's writes, headers, status changes and {@code sendError}s are dropped silently, so it can
 * neither mix its bytes into the timeout answer nor get an {@code IllegalStateException} for
 * writing to a committed response.
 */
public final class TimeoutGuard extends HttpServletResponseWrapper {

  private final ReentrantLock lock = new ReentrantLock();

  /** Set once, by the deadline, under {@link #lock}. */
  private volatile boolean timedOut;

  private ServletOutputStream stream;
  private PrintWriter writer;

  /** A guard around {@code response}. */
  public TimeoutGuard(HttpServletResponse response) {
    super(response);
  }

  /** The lock every change to the response takes. */
  public ReentrantLock lock() {
    return lock;
  }

  /** Whether the deadline has passed; from then on the handler's output is dropped. */
  public boolean isTimedOut() {
    return timedOut;
  }

  /** Drops everything the handler does from now on; the caller holds {@link #lock()}. */
  public void timeOut() {
    timedOut = true;
  }

  private void guarded(IoAction action) throws IOException {
    lock.lock();
    try {
      if (!timedOut) {
        action.run();
      }
    } finally {
      lock.unlock();
    }
  }

  private void guardedQuietly(Runnable action) {
    lock.lock();
    try {
      if (!timedOut) {
        action.run();
      }
    } finally {
      lock.unlock();
    }
  }

  private <T> T read(Supplier<T> value, T afterTimeout) {
    lock.lock();
    try {
      return timedOut ? afterTimeout : value.get();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    lock.lock();
    try {
      if (stream == null) {
        stream = new GuardedStream(timedOut ? null : super.getOutputStream());
      }
      return stream;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    lock.lock();
    try {
      if (writer == null) {
        writer =
            new GuardedWriter(
                timedOut ? new PrintWriter(PrintWriter.nullWriter()) : super.getWriter());
      }
      return writer;
    } finally {
      lock.unlock();
    }
  }

  /**
   * After the deadline: false. Whatever the handler then does is dropped, and a handler or
   * framework that sees "committed" logs a warning about it (Spring MVC does) for nothing.
   */
  @Override
  public boolean isCommitted() {
    return read(super::isCommitted, false);
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    guarded(() -> super.sendError(sc, msg));
  }

  @Override
  public void sendError(int sc) throws IOException {
    guarded(() -> super.sendError(sc));
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    guarded(() -> super.sendRedirect(location));
  }

  @Override
  public void setStatus(int sc) {
    guardedQuietly(() -> super.setStatus(sc));
  }

  @Override
  public void setHeader(String name, String value) {
    guardedQuietly(() -> super.setHeader(name, value));
  }

  @Override
  public void addHeader(String name, String value) {
    guardedQuietly(() -> super.addHeader(name, value));
  }

  @Override
  public void setIntHeader(String name, int value) {
    guardedQuietly(() -> super.setIntHeader(name, value));
  }

  @Override
  public void addIntHeader(String name, int value) {
    guardedQuietly(() -> super.addIntHeader(name, value));
  }

  @Override
  public void setDateHeader(String name, long date) {
    guardedQuietly(() -> super.setDateHeader(name, date));
  }

  @Override
  public void addDateHeader(String name, long date) {
    guardedQuietly(() -> super.addDateHeader(name, date));
  }

  @Override
  public void addCookie(Cookie cookie) {
    guardedQuietly(() -> super.addCookie(cookie));
  }

  @Override
  public void setContentType(String type) {
    guardedQuietly(() -> super.setContentType(type));
  }

  @Override
  public void setContentLength(int len) {
    guardedQuietly(() -> super.setContentLength(len));
  }

  @Override
  public void setContentLengthLong(long len) {
    guardedQuietly(() -> super.setContentLengthLong(len));
  }

  @Override
  public void setCharacterEncoding(String charset) {
    guardedQuietly(() -> super.setCharacterEncoding(charset));
  }

  @Override
  public void setLocale(Locale locale) {
    guardedQuietly(() -> super.setLocale(locale));
  }

  @Override
  public void setBufferSize(int size) {
    guardedQuietly(() -> super.setBufferSize(size));
  }

  @Override
  public void setTrailerFields(Supplier<Map<String, String>> supplier) {
    guardedQuietly(() -> super.setTrailerFields(supplier));
  }

  @Override
  public void flushBuffer() throws IOException {
    guarded(super::flushBuffer);
  }

  @Override
  public void resetBuffer() {
    guardedQuietly(super::resetBuffer);
  }

  @Override
  public void reset() {
    guardedQuietly(super::reset);
  }

  /** An I/O step run under the lock. */
  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  /** The handler's output stream; drops bytes once timed out. */
  private final class GuardedStream extends ServletOutputStream {
    private final ServletOutputStream delegate;

    GuardedStream(ServletOutputStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(int b) throws IOException {
      guarded(() -> delegate.write(b));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      guarded(() -> delegate.write(b, off, len));
    }

    @Override
    public void flush() throws IOException {
      guarded(delegate::flush);
    }

    @Override
    public void close() throws IOException {
      guarded(delegate::close);
    }

    @Override
    public boolean isReady() {
      return timedOut || delegate == null || delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      if (delegate != null) {
        delegate.setWriteListener(listener);
      }
    }
  }

  /** The handler's writer; drops characters once timed out. */
  private final class GuardedWriter extends PrintWriter {
    private final PrintWriter delegate;

    GuardedWriter(PrintWriter delegate) {
      super(delegate);
      this.delegate = delegate;
    }

    @Override
    public void write(int c) {
      guardedQuietly(() -> delegate.write(c));
    }

    @Override
    public void write(char[] buf, int off, int len) {
      guardedQuietly(() -> delegate.write(buf, off, len));
    }

    @Override
    public void write(String s, int off, int len) {
      guardedQuietly(() -> delegate.write(s, off, len));
    }

    @Override
    public void flush() {
      guardedQuietly(delegate::flush);
    }

    @Override
    public void close() {
      guardedQuietly(delegate::close);
    }

    @Override
    public boolean checkError() {
      return !timedOut && delegate.checkError();
    }
  }
}
