package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README is the user's manual: every key of the generated Spring configuration metadata must be
 * documented in it (written in backticks, as the key tables do), so the manual cannot fall behind
 * the code. A map key such as {@code stability.health.checks} counts as documented by {@code
 * `stability.health.checks.<name>...}, and {@code stability.timeout.paths} by {@code
 * `stability.timeout.paths[<pattern>]}.
 */
class ReadmeConfigurationReferenceTests {

  @Test
  void everyConfigurationKeyIsInTheReadme() throws IOException {
    List<String> keys;
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata").isNotNull();
      keys = JsonPath.parse(in).read("$.properties[*].name");
    }
    String readme = Files.readString(readme(), StandardCharsets.UTF_8);

    List<String> undocumented =
        keys.stream()
            .filter(
                key ->
                    !readme.contains("`" + key + "`")
                        && !readme.contains("`" + key + ".")
                        && !readme.contains("`" + key + "["))
            .sorted()
            .collect(Collectors.toList());

    assertThat(keys).hasSizeGreaterThan(50);
    assertThat(undocumented).as("keys missing from README.md").isEmpty();
  }

  /** README.md at the repository root; tests run in the module's directory. */
  private static Path readme() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("README.md");
      if (Files.exists(candidate) && Files.exists(dir.resolve("stability-spring"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("README.md of the repository not found");
  }
}
