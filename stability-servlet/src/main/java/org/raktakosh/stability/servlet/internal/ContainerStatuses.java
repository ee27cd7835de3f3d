package org.raktakosh.stability.servlet.internal;

import java.lang.reflect.Method;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.OptionalInt;
import java.util.function.ToIntFunction;

/**
 * The HTTP status that a container's own exception stands for: thrown from the servlet API when the
 * client sent something the container cannot read (a form that does not decode, a broken chunked
 * body), it reaches the application or error recovery, where it would otherwise look like a server
 * fault. Known by class name, as this module has no container on its class path:
 *
 * <ul>
 *   <li>Jetty: {@code org.eclipse.jetty.http.HttpException} (Jetty 12; {@code BadMessageException}
 *       among them) and {@code BadMessageException} of older versions, by {@code getCode()};
 *   <li>Tomcat: {@code org.apache.tomcat.util.http.InvalidParameterException} (parameters that do
 *       not parse, or too many), by {@code getErrorCode()}, and {@code
 *       org.apache.coyote.BadRequestException} (a request body that cannot be read), 400; {@code
 *       org.apache.tomcat.util.http.fileupload.FileUploadException} (a multipart body that does not
 *       parse), 400, or 413 for its limits on size and on the number of parts.
 *   <li>An unknown or illegal charset ({@code UnsupportedCharsetException}, {@code
 *       IllegalCharsetNameException}) thrown by a Jetty request's {@code getContentType()}, {@code
 *       getCharacterEncoding()} or {@code getReader()}: the request's {@code Content-Type} names a
 *       charset the JVM does not know, 415. The same exception from anywhere else (the
 *       application's own {@code Charset.forName}, a response's content type) is not the client's.
 * </ul>
 */
public final class ContainerStatuses {

  /** Not a container exception. */
  private static final ToIntFunction<Throwable> NONE = t -> -1;

  private static final ClassValue<ToIntFunction<Throwable>> STATUS =
      new ClassValue<>() {
        @Override
        protected ToIntFunction<Throwable> computeValue(Class<?> type) {
          return extractor(type);
        }
      };

  private ContainerStatuses() {}

  /**
   * The status the first container exception in {@code error}'s cause chain stands for, if it is a
   * 4xx or 5xx.
   */
  public static OptionalInt of(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      ToIntFunction<Throwable> status = STATUS.get(t.getClass());
      if (status != NONE) {
        int code = status.applyAsInt(t);
        return code >= 400 && code <= 599 ? OptionalInt.of(code) : OptionalInt.empty();
      }
      if (t instanceof IllegalCharsetNameException || t instanceof UnsupportedCharsetException) {
        return fromJettyRequest(t) ? OptionalInt.of(415) : OptionalInt.empty();
      }
    }
    return OptionalInt.empty();
  }

  /** Whether a Jetty request's own accessor for its charset threw {@code charsetFailure}. */
  private static boolean fromJettyRequest(Throwable charsetFailure) {
    for (StackTraceElement frame : charsetFailure.getStackTrace()) {
      String type = frame.getClassName();
      if (type.startsWith("org.eclipse.jetty.")
          && type.contains("Request")
          && (frame.getMethodName().equals("getContentType")
              || frame.getMethodName().equals("getCharacterEncoding")
              || frame.getMethodName().equals("getReader"))) {
        return true;
      }
    }
    return false;
  }

  /** How to read the status of an exception of {@code type}; {@link #NONE} if it is not known. */
  private static ToIntFunction<Throwable> extractor(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      switch (c.getName()) {
        case "org.apache.coyote.BadRequestException":
          return t -> 400;
        // Multipart bodies Tomcat cannot parse (no boundary, malformed parts), thrown from
        // getParts(); its size limits are subclasses, met first on the way up.
        case "org.apache.tomcat.util.http.fileupload.impl.SizeException",
        "org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException":
          return t -> 413;
        case "org.apache.tomcat.util.http.fileupload.FileUploadException":
          return t -> 400;
        case "org.apache.tomcat.util.http.InvalidParameterException":
          return reading(c, "getErrorCode");
        case "org.eclipse.jetty.http.BadMessageException":
          return reading(c, "getCode");
        default:
          break;
      }
      for (Class<?> implemented : c.getInterfaces()) {
        if (implemented.getName().equals("org.eclipse.jetty.http.HttpException")) {
          return reading(implemented, "getCode");
        }
      }
    }
    return NONE;
  }

  private static ToIntFunction<Throwable> reading(Class<?> type, String method) {
    Method getter;
    try {
      getter = type.getMethod(method);
    } catch (NoSuchMethodException e) {
      return NONE;
    }
    return t -> {
      try {
        return ((Number) getter.invoke(t)).intValue();
      } catch (ReflectiveOperationException | RuntimeException e) {
        return -1; // not readable: treated as no status
      }
    };
  }
}
