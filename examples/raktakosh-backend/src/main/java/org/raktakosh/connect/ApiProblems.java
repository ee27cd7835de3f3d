package org.raktakosh.connect;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The API's error answers. Each is a {@link ResponseStatusException}, which Spring MVC writes as an
 * RFC 9457 {@code application/problem+json} document ({@code spring.mvc.problemdetails.enabled});
 * thrown inside a transaction, it also rolls the transaction back.
 */
public final class ApiProblems {

  private ApiProblems() {}

  /** 400: {@code value} of {@code field} is not one of the eight blood groups. */
  public static ResponseStatusException invalidBloodGroup(String field, String value) {
    return new ResponseStatusException(
        HttpStatus.BAD_REQUEST,
        field + " must be one of A+, A-, B+, B-, AB+, AB-, O+, O- but was '" + value + "'");
  }

  /** 400 with {@code detail}. */
  public static ResponseStatusException badRequest(String detail) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
  }

  /** 404 with {@code detail}. */
  public static ResponseStatusException notFound(String detail) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, detail);
  }

  /** 409: the request is valid but the current state does not allow it. */
  public static ResponseStatusException conflict(String detail) {
    return new ResponseStatusException(HttpStatus.CONFLICT, detail);
  }
}
