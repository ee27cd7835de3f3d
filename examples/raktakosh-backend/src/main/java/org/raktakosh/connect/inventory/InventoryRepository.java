package org.raktakosh.connect.inventory;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.raktakosh.connect.donor.BloodGroup;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Units per blood group in the {@code inventory} table, which schema.sql fills with one row per
 * group. Every change is one UPDATE whose WHERE clause checks the bounds: the database locks the
 * row and evaluates the condition against the latest committed units, so concurrent changes can
 * neither lose an update nor take the stock below zero.
 */
@Repository
public class InventoryRepository {

  /** Most units of one group the inventory holds (also a CHECK in schema.sql). */
  public static final int MAX_UNITS = 10_000;

  private final JdbcClient jdbc;

  /** A repository over {@code jdbc}. */
  public InventoryRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Every blood group's stock, in {@link BloodGroup} order, 0 for a group without a row. */
  public List<Stock> all() {
    Map<BloodGroup, Integer> units =
        jdbc
            .sql("SELECT blood_group, units FROM inventory")
            .query(
                (row, rowNumber) ->
                    new Stock(
                        BloodGroup.fromLabel(row.getString("blood_group")).orElseThrow(),
                        row.getInt("units")))
            .list()
            .stream()
            .collect(Collectors.toMap(Stock::bloodGroup, Stock::units));
    return Arrays.stream(BloodGroup.values())
        .map(group -> new Stock(group, units.getOrDefault(group, 0)))
        .toList();
  }

  /** The stock of {@code group}. */
  public Stock find(BloodGroup group) {
    return jdbc.sql("SELECT units FROM inventory WHERE blood_group = :group")
        .param("group", group.label())
        .query(Integer.class)
        .optional()
        .map(units -> new Stock(group, units))
        .orElseGet(() -> new Stock(group, 0));
  }

  /** Sets the stock of {@code group} to {@code units}, 0 to {@value #MAX_UNITS}. */
  public Stock set(BloodGroup group, int units) {
    requireRow(
        jdbc.sql("UPDATE inventory SET units = :units WHERE blood_group = :group")
            .param("units", units)
            .param("group", group.label())
            .update(),
        group);
    return new Stock(group, units);
  }

  /**
   * Adds {@code units} to the stock of {@code group} unless that would pass {@value #MAX_UNITS}.
   *
   * @return the new stock, or empty if the units were not added
   */
  @Transactional
  public Optional<Stock> add(BloodGroup group, int units) {
    int updated =
        jdbc.sql(
                "UPDATE inventory SET units = units + :units"
                    + " WHERE blood_group = :group AND units <= :room")
            .param("units", units)
            .param("group", group.label())
            .param("room", MAX_UNITS - units)
            .update();
    // The UPDATE holds the row's lock until the transaction ends: this reads our own result.
    return updated == 1 ? Optional.of(find(group)) : Optional.empty();
  }

  /**
   * Takes {@code units} from the stock of {@code group} if there are that many.
   *
   * @return whether the units were taken
   */
  public boolean take(BloodGroup group, int units) {
    return jdbc.sql(
                "UPDATE inventory SET units = units - :units"
                    + " WHERE blood_group = :group AND units >= :units")
            .param("units", units)
            .param("group", group.label())
            .update()
        == 1;
  }

  private static void requireRow(int updated, BloodGroup group) {
    if (updated != 1) {
      // schema.sql inserts every group; a missing row means someone deleted it by hand.
      throw new IllegalStateException("No inventory row for " + group.label());
    }
  }
}
