package io.pybase.sample.api.records;

import io.pybase.sample.store.SchemaSetup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link RecordRepository} on H2 or PostgreSQL: table {@code records}, created when missing.
 *
 * <pre>{@code
 * RecordRepository repo = new JdbcRecordRepository(dataSource);
 * }</pre>
 */
public final class JdbcRecordRepository implements RecordRepository {

  private static final String COLUMNS = "id, table_id, data, created_at, updated_at";

  private final DataSource dataSource;

  public JdbcRecordRepository(DataSource dataSource) {
    this.dataSource = dataSource;
    String idType;
    try (Connection c = dataSource.getConnection()) {
      idType = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")
          ? "BIGSERIAL PRIMARY KEY" : "BIGINT AUTO_INCREMENT PRIMARY KEY";
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
    }
    SchemaSetup.run(dataSource, "records",
        "CREATE TABLE IF NOT EXISTS records (id " + idType + ", table_id VARCHAR(64) NOT NULL, data TEXT NOT NULL,"
            + " created_at VARCHAR(40) NOT NULL, updated_at VARCHAR(40) NOT NULL)",
        "CREATE INDEX IF NOT EXISTS records_table ON records (table_id, id)");
  }

  @Override
  public StoredRecord insert(String tableId, String dataJson) {
    String now = Instant.now().toString();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO records (table_id, data, created_at, updated_at) VALUES (?, ?, ?, ?)",
            new String[] {"id"})) {
      ps.setString(1, tableId);
      ps.setString(2, dataJson);
      ps.setString(3, now);
      ps.setString(4, now);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return new StoredRecord(keys.getLong(1), tableId, dataJson, now, now);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("insert into " + tableId + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<StoredRecord> find(String tableId, long id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT " + COLUMNS + " FROM records WHERE table_id = ? AND id = ?")) {
      ps.setString(1, tableId);
      ps.setLong(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("select from " + tableId + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<StoredRecord> list(String tableId, int limit, int offset) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT " + COLUMNS + " FROM records WHERE table_id = ? ORDER BY id LIMIT ? OFFSET ?")) {
      ps.setString(1, tableId);
      ps.setInt(2, limit);
      ps.setInt(3, offset);
      List<StoredRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("list of " + tableId + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<StoredRecord> update(String tableId, long id, String dataJson) {
    String now = Instant.now().toString();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "UPDATE records SET data = ?, updated_at = ? WHERE table_id = ? AND id = ?")) {
      ps.setString(1, dataJson);
      ps.setString(2, now);
      ps.setString(3, tableId);
      ps.setLong(4, id);
      if (ps.executeUpdate() == 0) {
        return Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("update of " + tableId + " failed: " + e.getMessage(), e);
    }
    return find(tableId, id);
  }

  @Override
  public boolean delete(String tableId, long id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM records WHERE table_id = ? AND id = ?")) {
      ps.setString(1, tableId);
      ps.setLong(2, id);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new IllegalStateException("delete from " + tableId + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public TableStats stats(String tableId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*), COALESCE(SUM(CAST(LENGTH(data) AS BIGINT)), 0) / COUNT(*) FROM records"
                + " WHERE table_id = ?")) {
      ps.setString(1, tableId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new TableStats(tableId, rs.getLong(1), rs.getLong(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("stats of " + tableId + " failed: " + e.getMessage(), e);
    }
  }

  private static StoredRecord row(ResultSet rs) throws SQLException {
    return new StoredRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
  }
}
