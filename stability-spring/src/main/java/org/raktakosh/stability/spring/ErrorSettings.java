package org.raktakosh.stability.spring;

import java.util.Map;
import org.raktakosh.stability.problem.ExceptionMappings;
import org.raktakosh.stability.servlet.ErrorRecoveryConfig;
import org.raktakosh.stability.servlet.RequestIdFilter;
import org.raktakosh.stability.servlet.internal.FilterProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@code stability.request-id.*} and {@code stability.errors.*} into the servlet module's
 * objects, failing start-up with the key named when a value is bad, as the plain-servlet {@code
 * FilterProperties} does for the same keys.
 */
final class ErrorSettings {

  private static final String HEADER_KEY = "stability.request-id.header";
  private static final String MAPPINGS_KEY = "stability.errors.mappings";

  private ErrorSettings() {}

  /**
   * The request-id filter for {@code properties}.
   *
   * @throws InvalidConfigurationPropertyValueException if the header is not a valid header name
   */
  static RequestIdFilter requestIdFilter(StabilityProperties.RequestId properties) {
    String header = properties.getHeader();
    try {
      return new RequestIdFilter(header == null ? null : header.trim());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidConfigurationPropertyValueException(HEADER_KEY, header, e.getMessage());
    }
  }

  /**
   * The error-recovery configuration for {@code properties}.
   *
   * @throws InvalidConfigurationPropertyValueException naming {@code stability.errors.mappings[..]}
   *     if a mapped class is not on the class path or is not an exception, or its status is not a
   *     4xx or 5xx
   */
  static ErrorRecoveryConfig errorRecoveryConfig(StabilityProperties.Errors properties) {
    ExceptionMappings.Builder mappings = ExceptionMappings.builder();
    for (Map.Entry<String, Integer> mapping : properties.getMappings().entrySet()) {
      String name = mapping.getKey().trim();
      Integer status = mapping.getValue();
      // The bracket form is how Boot itself names a map entry whose key holds dots.
      String key = MAPPINGS_KEY + "[" + name + "]";
      try {
        Class<?> type = FilterProperties.exceptionType(key, name);
        if (status == null) {
          throw new IllegalArgumentException("a 4xx or 5xx status is required");
        }
        mappings.map(type, status);
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(key, status, reason(key, e));
      }
    }
    return ErrorRecoveryConfig.custom()
        .includeDetails(properties.isIncludeDetails())
        .problemForSendError(properties.isProblemForSendError())
        .mappings(mappings.build())
        .build();
  }

  /** The message without the key that {@code FilterProperties} puts in front of it. */
  private static String reason(String key, IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    return message.startsWith(key + ": ") ? message.substring(key.length() + 2) : message;
  }
}
