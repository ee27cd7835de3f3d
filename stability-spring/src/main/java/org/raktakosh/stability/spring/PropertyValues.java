package org.raktakosh.stability.spring;

import java.util.function.Consumer;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** Hands bound property values to the core builders, naming the key of a value they reject. */
final class PropertyValues {

  private PropertyValues() {}

  /**
   * Passes {@code value} to {@code setter}; a rejection fails start-up with Boot's failure report
   * naming {@code key}, as the plain-servlet property readers do.
   */
  static <T> void apply(String key, T value, Consumer<T> setter) {
    try {
      setter.accept(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidConfigurationPropertyValueException(
          key, value, String.valueOf(e.getMessage()));
    }
  }
}
