package org.raktakosh.stability.tasks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes the runs of {@link BackgroundTasks} to Micrometer, tagged {@code task} with the task's
 * name:
 *
 * <ul>
 *   <li>{@value #RUNS}, a counter of ended runs, failed ones included;
 *   <li>{@value #FAILURES}, a counter of runs that threw or overran their timeout;
 *   <li>{@value #DURATION}, a timer of how long each run took.
 * </ul>
 *
 * <p>The binder follows the tasks through a {@link TaskListener}: a task scheduled after binding
 * gets its meters at once (at zero). Meters stay after a task ends, so that the counts of a
 * one-shot task can still be scraped.
 */
public final class BackgroundTaskMetrics implements MeterBinder {

  /** Name of the run counter. */
  public static final String RUNS = "stability.tasks.runs";

  /** Name of the failure counter. */
  public static final String FAILURES = "stability.tasks.failures";

  /** Name of the run-duration timer. */
  public static final String DURATION = "stability.tasks.duration";

  /** Name of the tag holding the task's name. */
  public static final String TASK_TAG = "task";

  private final BackgroundTasks tasks;
  private final Tags extraTags;

  /**
   * A binder for {@code tasks}.
   *
   * @param tasks the background tasks
   */
  public BackgroundTaskMetrics(BackgroundTasks tasks) {
    this(tasks, Tags.empty());
  }

  /**
   * A binder for {@code tasks} that adds {@code extraTags} to every meter.
   *
   * @param tasks the background tasks
   * @param extraTags tags for every meter, e.g. the application's name
   */
  public BackgroundTaskMetrics(BackgroundTasks tasks, Iterable<Tag> extraTags) {
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.extraTags = Tags.of(Objects.requireNonNull(extraTags, "extraTags"));
  }

  /**
   * Registers the meters of the live tasks and a listener that adds those of later tasks.
   *
   * @param meterRegistry where to register the meters
   */
  @Override
  public void bindTo(MeterRegistry meterRegistry) {
    Objects.requireNonNull(meterRegistry, "meterRegistry");
    tasks.addListener(new Binding(meterRegistry));
  }

  private record TaskMeters(Counter runs, Counter failures, Timer duration) {}

  /** Keeps one meter registry in step with the tasks. */
  private final class Binding implements TaskListener {
    private final MeterRegistry meterRegistry;
    private final Map<String, TaskMeters> meters = new ConcurrentHashMap<>();

    Binding(MeterRegistry meterRegistry) {
      this.meterRegistry = meterRegistry;
    }

    @Override
    public void onScheduled(String task) {
      meters.computeIfAbsent(task, this::register);
    }

    @Override
    public void onRun(TaskRun run) {
      TaskMeters taskMeters = meters.computeIfAbsent(run.task(), this::register);
      taskMeters.runs().increment();
      if (run.failed()) {
        taskMeters.failures().increment();
      }
      taskMeters.duration().record(run.duration());
    }

    private TaskMeters register(String task) {
      Tags tags = extraTags.and(TASK_TAG, task);
      return new TaskMeters(
          Counter.builder(RUNS)
              .tags(tags)
              .description("Runs of the background task that ended, failed ones included")
              .baseUnit("runs")
              .register(meterRegistry),
          Counter.builder(FAILURES)
              .tags(tags)
              .description("Runs of the background task that threw or overran their timeout")
              .baseUnit("runs")
              .register(meterRegistry),
          Timer.builder(DURATION)
              .tags(tags)
              .description("Time one run of the background task took")
              .register(meterRegistry));
    }
  }
}
