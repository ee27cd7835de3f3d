package org.raktakosh.connect;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's problem documents for its own exceptions (this replaces the one {@code
 * spring.mvc.problemdetails.enabled} would register), with one addition: a body that fails
 * validation answers 400 with {@code "errors"}, each invalid field and what is wrong with it, such
 * as {@code {"units":"must be less than or equal to 50"}}.
 */
@RestControllerAdvice
public class ValidationProblems extends ResponseEntityExceptionHandler {

  /** Creates the handler; Spring calls this. */
  public ValidationProblems() {}

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException exception,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    Map<String, String> errors = new TreeMap<>();
    for (FieldError error : exception.getBindingResult().getFieldErrors()) {
      // One message per field is enough to correct it; sorted, so the answer is stable.
      errors.putIfAbsent(error.getField(), error.getDefaultMessage());
    }
    ProblemDetail problem = exception.getBody();
    problem.setProperty("errors", errors);
    return handleExceptionInternal(exception, problem, headers, status, request);
  }
}
