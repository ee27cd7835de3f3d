package org.raktakosh.stability.spring;

import java.util.List;
import java.util.function.Consumer;
import org.raktakosh.stability.servlet.GzipConfig;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Turns {@code stability.gzip.*} into a {@link GzipConfig}, failing start-up with the key named
 * when the builder rejects a value, as the plain-servlet {@code FilterProperties} does.
 */
final class GzipSettings {

  private static final String PREFIX = "stability.gzip.";

  private GzipSettings() {}

  /**
   * The gzip configuration for {@code properties}.
   *
   * @throws InvalidConfigurationPropertyValueException naming the first key whose value the builder
   *     rejects
   */
  static GzipConfig gzipConfig(StabilityProperties.Gzip properties) {
    GzipConfig.Builder builder = GzipConfig.custom();
    apply("min-size", properties.getMinSize(), size -> builder.minSize(intBytes(size)));
    apply("level", properties.getLevel(), builder::level);
    apply("included-types", properties.getIncludedTypes(), builder::includedTypes);
    apply("excluded-types", properties.getExcludedTypes(), builder::excludedTypes);
    apply("excluded-paths", trimmed(properties.getExcludedPaths()), builder::excludedPaths);
    apply("excluded-user-agents", properties.getExcludedUserAgents(), builder::excludedUserAgents);
    builder.inflateRequests(properties.isInflateRequests());
    apply(
        "max-inflated-size",
        properties.getMaxInflatedSize(),
        size -> builder.maxInflatedSize(size.toBytes()));
    apply(
        "max-form-size", properties.getMaxFormSize(), size -> builder.maxFormSize(size.toBytes()));
    apply("max-form-parameters", properties.getMaxFormParameters(), builder::maxFormParameters);
    apply("pool-size", properties.getPoolSize(), builder::poolSize);
    return builder.build();
  }

  private static int intBytes(DataSize size) {
    try {
      return Math.toIntExact(size.toBytes());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("minSize must fit in an int but was " + size, e);
    }
  }

  private static List<String> trimmed(List<String> values) {
    return values.stream().map(v -> v == null ? null : v.trim()).toList();
  }

  private static <T> void apply(String name, T value, Consumer<T> setter) {
    try {
      setter.accept(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + name, value, String.valueOf(e.getMessage()));
    }
  }
}
