package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.servlet.internal.CodecPool;
import org.raktakosh.stability.servlet.internal.FilterProperties;

class GzipConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    GzipConfig config = GzipConfig.ofDefaults();

    assertThat(config.minSize()).isEqualTo(1024);
    assertThat(config.level()).isEqualTo(GzipConfig.DEFAULT_LEVEL);
    assertThat(config.includedTypes()).contains("text/*", "application/json", "image/svg+xml");
    assertThat(config.excludedTypes()).contains("text/event-stream", "image/png");
    assertThat(config.maxInflatedSize()).isEqualTo(10L * 1024 * 1024);
    assertThat(config.maxFormSize()).isEqualTo(2L * 1024 * 1024);
    assertThat(config.maxFormParameters()).isEqualTo(1000);
    assertThat(config.inflateRequests()).isTrue();
    assertThat(config.excludedPaths()).isEmpty();
    assertThat(config.toString()).contains("minSize=1024");
  }

  @Test
  void boundariesAreCheckedOneByOne() {
    assertThat(GzipConfig.custom().minSize(0).build().minSize()).isZero();
    assertThatThrownBy(() -> GzipConfig.custom().minSize(-1)).hasMessageStartingWith("minSize");
    assertThat(GzipConfig.custom().level(1).level(9).build().level()).isEqualTo(9);
    assertThatThrownBy(() -> GzipConfig.custom().level(0)).hasMessageStartingWith("level");
    assertThatThrownBy(() -> GzipConfig.custom().level(10)).hasMessageStartingWith("level");
    assertThat(GzipConfig.custom().maxInflatedSize(0).build().maxInflatedSize()).isZero();
    assertThatThrownBy(() -> GzipConfig.custom().maxInflatedSize(-1))
        .hasMessageStartingWith("maxInflatedSize");
    assertThat(GzipConfig.custom().maxFormSize(1).build().maxFormSize()).isOne();
    assertThatThrownBy(() -> GzipConfig.custom().maxFormSize(0))
        .hasMessageStartingWith("maxFormSize");
    assertThat(GzipConfig.custom().maxFormParameters(1).build().maxFormParameters()).isOne();
    assertThatThrownBy(() -> GzipConfig.custom().maxFormParameters(0))
        .hasMessageStartingWith("maxFormParameters");
    assertThat(GzipConfig.custom().poolSize(0).build().poolSize()).isZero();
    assertThatThrownBy(() -> GzipConfig.custom().poolSize(-1)).hasMessageStartingWith("poolSize");
  }

  @Test
  void mediaTypePatternsAreValidated() {
    assertThat(
            GzipConfig.custom()
                .includedTypes("TEXT/*", "application/*+json", "*/*", "image/svg+xml")
                .build()
                .includedTypes())
        .containsExactly("text/*", "application/*+json", "*/*", "image/svg+xml");
    for (String bad : List.of("json", "text/", "/json", "text/*/x", "te*t/plain", "a/b;q=1")) {
      assertThatThrownBy(() -> GzipConfig.custom().includedTypes(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("includedTypes");
    }
    assertThatThrownBy(() -> GzipConfig.custom().excludedPaths("static"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GzipConfig.custom().excludedUserAgents("(["))
        .hasMessageStartingWith("excludedUserAgents");
  }

  @Test
  void propertiesBuildTheSameConfiguration() {
    Properties properties = new Properties();
    properties.setProperty("stability.gzip.min-size", "2KB");
    properties.setProperty("stability.gzip.level", "4");
    properties.setProperty("stability.gzip.included-types", "text/*, application/json");
    properties.setProperty("stability.gzip.excluded-types", "text/event-stream");
    properties.setProperty("stability.gzip.excluded-paths", "/downloads/**");
    properties.setProperty("stability.gzip.excluded-user-agents", ".*MSIE 6.*");
    properties.setProperty("stability.gzip.inflate-requests", "false");
    properties.setProperty("stability.gzip.max-inflated-size", "1MB");
    properties.setProperty("stability.gzip.max-form-size", "64KB");
    properties.setProperty("stability.gzip.max-form-parameters", "20");
    properties.setProperty("stability.gzip.pool-size", "8");

    FilterProperties parsed = FilterProperties.parse(properties);
    GzipConfig config = parsed.gzipConfig();

    assertThat(parsed.gzipEnabled()).isTrue();
    assertThat(config.minSize()).isEqualTo(2048);
    assertThat(config.level()).isEqualTo(4);
    assertThat(config.includedTypes()).containsExactly("text/*", "application/json");
    assertThat(config.excludedTypes()).containsExactly("text/event-stream");
    assertThat(config.excludedPaths()).containsExactly("/downloads/**");
    assertThat(config.excludedUserAgents()).containsExactly(".*MSIE 6.*");
    assertThat(config.inflateRequests()).isFalse();
    assertThat(config.maxInflatedSize()).isEqualTo(1024 * 1024);
    assertThat(config.maxFormSize()).isEqualTo(64 * 1024);
    assertThat(config.maxFormParameters()).isEqualTo(20);
    assertThat(config.poolSize()).isEqualTo(8);
  }

  @Test
  void gzipIsOnByDefaultAndOffWithItsSwitchOrTheMasterSwitch() {
    Properties off = new Properties();
    off.setProperty("stability.gzip.enabled", "false");
    Properties master = new Properties();
    master.setProperty("stability.enabled", "false");

    assertThat(FilterProperties.parse(new Properties()).gzipEnabled()).isTrue();
    assertThat(StabilityInstaller.withDefaults().gzipFilter()).isPresent();
    assertThat(FilterProperties.parse(off).gzipEnabled()).isFalse();
    assertThat(StabilityInstaller.fromProperties(off).gzipFilter()).isEmpty();
    assertThat(FilterProperties.parse(master).gzipEnabled()).isFalse();
  }

  @Test
  void poolKeepsUpToItsCapacityAndEndsTheRest() {
    java.util.concurrent.atomic.AtomicInteger ended =
        new java.util.concurrent.atomic.AtomicInteger();
    CodecPool<Object> pool = new CodecPool<>(2, Object::new, o -> {}, o -> ended.incrementAndGet());
    Object a = pool.acquire();
    Object b = pool.acquire();
    Object c = pool.acquire();
    assertThat(pool.inUse()).isEqualTo(3);

    pool.release(a);
    pool.release(b);
    pool.release(c);

    assertThat(pool.inUse()).isZero();
    assertThat(pool.idle()).isEqualTo(2);
    assertThat(ended).hasValue(1);
    assertThat(pool.acquire()).isIn(a, b);
    pool.close();
    assertThat(ended).hasValue(2);
  }

  @Test
  void metricsReportTheFilterCounters() {
    GzipFilter filter = new GzipFilter();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    new GzipMetrics(filter).bindTo(meters);

    assertThat(meters.get(GzipMetrics.RESPONSES).functionCounter().count()).isZero();
    assertThat(meters.get(GzipMetrics.BYTES_IN).functionCounter().count()).isZero();
    assertThat(meters.get(GzipMetrics.BYTES_OUT).functionCounter().count()).isZero();
    assertThat(
            meters.get(GzipMetrics.REQUESTS).tag("outcome", "too-large").functionCounter().count())
        .isZero();
    assertThat(meters.get(GzipMetrics.DEFLATERS).tag("state", "in-use").gauge().value()).isZero();
    assertThat(meters.find(GzipMetrics.REQUESTS).functionCounters()).hasSize(4);
  }
}
