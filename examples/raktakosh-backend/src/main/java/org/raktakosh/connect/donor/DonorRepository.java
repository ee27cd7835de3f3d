package org.raktakosh.connect.donor;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.raktakosh.connect.SqlTimes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Donors in the {@code donor} table. */
@Repository
public class DonorRepository {

  private static final String COLUMNS = "id, name, blood_group, city, phone, registered_at";

  private final JdbcClient jdbc;

  /** A repository over {@code jdbc}. */
  public DonorRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores a new {@code donor}. */
  public Donor save(Donor donor) {
    jdbc.sql(
            "INSERT INTO donor ("
                + COLUMNS
                + ") VALUES (:id, :name, :bloodGroup, :city, :phone, :registeredAt)")
        .param("id", donor.id())
        .param("name", donor.name())
        .param("bloodGroup", donor.bloodGroup().label())
        .param("city", donor.city())
        .param("phone", donor.phone())
        .param("registeredAt", SqlTimes.parameter(donor.registeredAt()))
        .update();
    return donor;
  }

  /** The donor with {@code id}, if any. */
  public Optional<Donor> findById(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM donor WHERE id = :id")
        .param("id", id)
        .query(DonorRepository::donor)
        .optional();
  }

  /**
   * Donors matching both filters, oldest registration first; a null filter matches everyone. The
   * city matches ignoring case, as people type it.
   */
  public List<Donor> find(BloodGroup bloodGroup, String city) {
    // Conditions only for the filters given: "(:x IS NULL OR ...)" with a null parameter fails on
    // PostgreSQL, which cannot tell the type of an untyped null.
    List<String> conditions = new ArrayList<>();
    Map<String, Object> parameters = new HashMap<>();
    if (bloodGroup != null) {
      conditions.add("blood_group = :bloodGroup");
      parameters.put("bloodGroup", bloodGroup.label());
    }
    if (city != null) {
      conditions.add("LOWER(city) = LOWER(:city)");
      parameters.put("city", city.strip());
    }
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    return jdbc.sql("SELECT " + COLUMNS + " FROM donor" + where + " ORDER BY registered_at, id")
        .params(parameters)
        .query(DonorRepository::donor)
        .list();
  }

  private static Donor donor(ResultSet row, int rowNumber) throws SQLException {
    return new Donor(
        row.getString("id"),
        row.getString("name"),
        BloodGroup.fromLabel(row.getString("blood_group")).orElseThrow(),
        row.getString("city"),
        row.getString("phone"),
        SqlTimes.instant(row, "registered_at"));
  }
}
