package org.raktakosh.stability.servlet.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.raktakosh.stability.health.CheckReport;
import org.raktakosh.stability.health.HealthReport;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.HealthStatistics;
import org.raktakosh.stability.health.Status;
import org.raktakosh.stability.internal.json.JsonWriter;

/**
 * Renders health reports as JSON: the plain {@code {"status":...}}, the detailed document, and the
 * IETF health-check draft format ({@code application/health+json}, {@code pass/warn/fail}).
 * Details, messages and error messages appear only in the detailed forms, which the servlet sends
 * only to callers its details policy allows.
 */
public final class HealthJson {

  private HealthJson() {}

  /** {@code {"status":"UP"}}. */
  public static String status(Status status) {
    return "{\"status\":\"" + status.name() + "\"}";
  }

  /** The detailed document: status, uptime, analytics, every check, and optionally the JVM. */
  public static String detailed(HealthReport report, boolean includeJvm) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("status", report.status());
    report.groupName().ifPresent(group -> root.put("group", group));
    root.put("timestamp", report.timestamp());
    root.put("processStart", report.processStart());
    root.put("uptime", report.uptime());
    root.put("uptimeSeconds", report.uptime().toSeconds());
    if (report.groupName().isEmpty()) {
      // A group's report carries the whole application's analytics; they would mislead here.
      root.put("statistics", statistics(report.statistics()));
    }
    Map<String, Object> checks = new LinkedHashMap<>();
    report.checks().forEach((name, check) -> checks.put(name, check(check)));
    root.put("checks", checks);
    if (includeJvm) {
      root.put("jvm", jvm());
    }
    return JsonWriter.write(root);
  }

  /** The IETF health-check draft document; with details, each check's output and figures. */
  public static String healthJson(HealthReport report, boolean details) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("status", draftStatus(report.status()));
    if (details) {
      Map<String, Object> checks = new LinkedHashMap<>();
      report
          .checks()
          .forEach(
              (name, check) -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("componentId", name);
                item.put("status", draftStatus(check.status()));
                check.lastChecked().ifPresent(time -> item.put("time", time));
                item.put("observedValue", check.duration().toMillis());
                item.put("observedUnit", "ms");
                output(check.result()).ifPresent(text -> item.put("output", text));
                checks.put(name + ":health", List.of(item));
              });
      root.put("checks", checks);
    }
    return JsonWriter.write(root);
  }

  private static java.util.Optional<String> output(HealthResult result) {
    if (result.message().isPresent()) {
      return result.message();
    }
    return result.error().map(HealthJson::describe);
  }

  private static String draftStatus(Status status) {
    switch (status) {
      case UP:
        return "pass";
      case DOWN:
        return "fail";
      default:
        return "warn";
    }
  }

  private static Map<String, Object> check(CheckReport check) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("status", check.status());
    item.put("critical", check.critical());
    if (!check.groups().isEmpty()) {
      item.put("groups", check.groups());
    }
    HealthResult result = check.result();
    result.message().ifPresent(message -> item.put("message", message));
    result.error().ifPresent(error -> item.put("error", describe(error)));
    item.put("duration", check.duration().toMillis());
    check.lastChecked().ifPresent(time -> item.put("timestamp", time));
    if (!result.details().isEmpty()) {
      item.put("details", result.details());
    }
    item.put("statistics", statistics(check.statistics()));
    return item;
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null
        ? error.getClass().getName()
        : error.getClass().getName() + ": " + message;
  }

  private static Map<String, Object> statistics(HealthStatistics stats) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("runs", stats.runs());
    item.put("failures", stats.failures());
    item.put("consecutiveFailures", stats.consecutiveFailures());
    item.put("availability", stats.availability().orElse(null));
    item.put("lastSuccess", stats.lastSuccess());
    item.put("lastFailure", stats.lastFailure());
    if (stats.lastFailureMessage() != null) {
      item.put("lastFailureMessage", stats.lastFailureMessage());
    }
    if (stats.lastDuration() != null) {
      item.put("lastDuration", stats.lastDuration().toMillis());
    }
    return item;
  }

  private static Map<String, Object> jvm() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    MemoryUsage heap = memory.getHeapMemoryUsage();
    MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Object> mem = new LinkedHashMap<>();
    mem.put("heapUsed", heap.getUsed());
    mem.put("heapCommitted", heap.getCommitted());
    mem.put("heapMax", heap.getMax());
    mem.put("nonHeapUsed", nonHeap.getUsed());
    Map<String, Object> thr = new LinkedHashMap<>();
    thr.put("live", threads.getThreadCount());
    thr.put("daemon", threads.getDaemonThreadCount());
    thr.put("peak", threads.getPeakThreadCount());
    Map<String, Object> jvm = new LinkedHashMap<>();
    jvm.put("memory", mem);
    jvm.put("threads", thr);
    jvm.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    jvm.put("javaVersion", Runtime.version().toString());
    return jvm;
  }
}
