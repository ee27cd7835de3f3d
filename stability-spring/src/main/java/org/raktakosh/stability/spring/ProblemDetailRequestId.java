package org.raktakosh.stability.spring;

import java.util.Map;
import org.raktakosh.stability.servlet.RequestIdFilter;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Puts the request id into the {@link ProblemDetail} bodies Spring MVC writes itself (an
 * application's {@code @ExceptionHandler}, {@code ResponseEntityExceptionHandler}), so that every
 * problem a client sees carries the {@code requestId} of {@code ErrorRecoveryFilter}'s own. A
 * {@code requestId} property the application set stays as it is.
 */
@ControllerAdvice
final class ProblemDetailRequestId implements ResponseBodyAdvice<Object> {

  /** The property name, the same as in the library's own problem responses. */
  static final String PROPERTY = "requestId";

  @Override
  public boolean supports(
      MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    // The declared type says little (ResponseEntity<Object> for ResponseEntityExceptionHandler):
    // the body is looked at when it is written.
    return true;
  }

  @Override
  public Object beforeBodyWrite(
      Object body,
      MethodParameter returnType,
      MediaType contentType,
      Class<? extends HttpMessageConverter<?>> converterType,
      ServerHttpRequest request,
      ServerHttpResponse response) {
    if (body instanceof ProblemDetail problem
        && !hasRequestId(problem)
        && request instanceof ServletServerHttpRequest servlet) {
      RequestIdFilter.requestId(servlet.getServletRequest())
          .ifPresent(id -> problem.setProperty(PROPERTY, id));
    }
    return body;
  }

  private static boolean hasRequestId(ProblemDetail problem) {
    Map<String, Object> properties = problem.getProperties();
    return properties != null && properties.containsKey(PROPERTY);
  }
}
