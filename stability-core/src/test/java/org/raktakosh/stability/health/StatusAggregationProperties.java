package org.raktakosh.stability.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class StatusAggregationProperties {

  private static final List<Status> BY_SEVERITY =
      List.of(Status.UP, Status.UNKNOWN, Status.DEGRADED, Status.DOWN);

  @Property
  void aggregateIsTheWorstStatus(@ForAll List<Status> statuses) {
    Status expected =
        statuses.stream()
            .max((a, b) -> BY_SEVERITY.indexOf(a) - BY_SEVERITY.indexOf(b))
            .orElse(Status.UP);

    assertThat(Status.aggregate(statuses)).isEqualTo(expected);
  }

  @Property
  void aggregateDoesNotDependOnOrder(@ForAll List<Status> statuses, @ForAll long seed) {
    List<Status> shuffled = new ArrayList<>(statuses);
    Collections.shuffle(shuffled, new Random(seed));

    assertThat(Status.aggregate(shuffled)).isEqualTo(Status.aggregate(statuses));
  }

  @Property
  void addingAStatusNeverMakesTheAggregateBetter(
      @ForAll List<Status> statuses, @ForAll Status extra) {
    List<Status> more = new ArrayList<>(statuses);
    more.add(extra);

    assertThat(Status.aggregate(statuses).isWorseThan(Status.aggregate(more))).isFalse();
  }
}
