package org.raktakosh.connect.request;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.raktakosh.connect.SqlTimes;
import org.raktakosh.connect.donor.BloodGroup;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Blood requests in the {@code blood_request} table. */
@Repository
public class BloodRequestRepository {

  private static final String COLUMNS =
      "id, blood_group, units, hospital, city, needed_by, status, created_at, fulfilled_at";

  private final JdbcClient jdbc;

  /** A repository over {@code jdbc}. */
  public BloodRequestRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores a new, open {@code request}. */
  public BloodRequest save(BloodRequest request) {
    jdbc.sql(
            "INSERT INTO blood_request"
                + " (id, blood_group, units, hospital, city, needed_by, status, created_at)"
                + " VALUES (:id, :bloodGroup, :units, :hospital, :city, :neededBy, :status,"
                + " :createdAt)")
        .param("id", request.id())
        .param("bloodGroup", request.bloodGroup().label())
        .param("units", request.units())
        .param("hospital", request.hospital())
        .param("city", request.city())
        // Typed, since it may be null and PostgreSQL needs the type of a null.
        .param("neededBy", request.neededBy(), Types.DATE)
        .param("status", request.status().name())
        .param("createdAt", SqlTimes.parameter(request.createdAt()))
        .update();
    return request;
  }

  /** The request with {@code id}, if any. */
  public Optional<BloodRequest> findById(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM blood_request WHERE id = :id")
        .param("id", id)
        .query(BloodRequestRepository::request)
        .optional();
  }

  /**
   * Requests in {@code status}. Open ones most urgent first: by the day needed, those without one
   * last, then oldest first; fulfilled ones most recently fulfilled first.
   */
  public List<BloodRequest> findByStatus(RequestStatus status) {
    String order =
        status == RequestStatus.OPEN
            ? " ORDER BY CASE WHEN needed_by IS NULL THEN 1 ELSE 0 END, needed_by, created_at, id"
            : " ORDER BY fulfilled_at DESC, id";
    return jdbc.sql("SELECT " + COLUMNS + " FROM blood_request WHERE status = :status" + order)
        .param("status", status.name())
        .query(BloodRequestRepository::request)
        .list();
  }

  /**
   * Marks the request {@code id} fulfilled at {@code at} if it is open.
   *
   * @return whether it was open; false if it is unknown or already fulfilled. The single
   *     conditional UPDATE also locks the row until the transaction ends, so of two concurrent
   *     fulfilments of one request only one sees it open.
   */
  public boolean markFulfilled(String id, Instant at) {
    return jdbc.sql(
                "UPDATE blood_request SET status = :fulfilled, fulfilled_at = :at"
                    + " WHERE id = :id AND status = :open")
            .param("fulfilled", RequestStatus.FULFILLED.name())
            .param("at", SqlTimes.parameter(at))
            .param("id", id)
            .param("open", RequestStatus.OPEN.name())
            .update()
        == 1;
  }

  private static BloodRequest request(ResultSet row, int rowNumber) throws SQLException {
    return new BloodRequest(
        row.getString("id"),
        BloodGroup.fromLabel(row.getString("blood_group")).orElseThrow(),
        row.getInt("units"),
        row.getString("hospital"),
        row.getString("city"),
        row.getObject("needed_by", LocalDate.class),
        RequestStatus.valueOf(row.getString("status")),
        SqlTimes.instant(row, "created_at"),
        SqlTimes.instant(row, "fulfilled_at"));
  }
}
