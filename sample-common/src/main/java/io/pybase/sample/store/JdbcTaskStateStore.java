package io.pybase.sample.store;

import io.pybase.sample.task.TaskState;
import io.pybase.sample.task.TaskStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link TaskStateStore} on a JDBC database (H2 or PostgreSQL): table {@code task_states}, created when missing.
 *
 * <pre>{@code
 * TaskStateStore store = new JdbcTaskStateStore(dataSource);
 * }</pre>
 */
public final class JdbcTaskStateStore implements TaskStateStore {

  private final DataSource dataSource;

  /** Uses {@code dataSource}, creating the table if needed. */
  public JdbcTaskStateStore(DataSource dataSource) {
    this.dataSource = dataSource;
    SchemaSetup.run(dataSource, "task_states", "CREATE TABLE IF NOT EXISTS task_states (task_id VARCHAR(64) PRIMARY"
        + " KEY, file_type VARCHAR(16), filename VARCHAR(255), status VARCHAR(16) NOT NULL, attempts INT NOT NULL,"
        + " result TEXT, error TEXT, updated_at VARCHAR(40) NOT NULL)");
  }

  @Override
  public void insert(TaskState state) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO task_states (file_type, filename, status, attempts,"
            + " result, error, updated_at, task_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      bind(ps, state);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("insert of task " + state.taskId() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean startAttempt(String taskId, int attempt, String fileType, String filename) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE task_states SET status = 'running', attempts = ?,"
          + " result = NULL, error = NULL, updated_at = ? WHERE task_id = ? AND attempts < ?"
          + " AND status NOT IN ('succeeded', 'failed')")) {
        ps.setInt(1, attempt);
        ps.setString(2, Instant.now().toString());
        ps.setString(3, taskId);
        ps.setInt(4, attempt);
        if (ps.executeUpdate() == 1) {
          return true;
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM task_states WHERE task_id = ?")) {
        ps.setString(1, taskId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return false;   // finished, or a later attempt owns it
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO task_states (file_type, filename, status, attempts,"
          + " result, error, updated_at, task_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        bind(ps, new TaskState(taskId, fileType, filename, TaskStatus.RUNNING.wireName(), attempt, null, null,
            Instant.now().toString()));
        ps.executeUpdate();
        return true;
      } catch (SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
          return false;   // another attempt inserted it first
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("start of task " + taskId + " attempt " + attempt + " failed: "
          + e.getMessage(), e);
    }
  }

  @Override
  public boolean finishAttempt(TaskState state) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE task_states SET status = ?, result = ?, error = ?,"
            + " updated_at = ? WHERE task_id = ? AND attempts = ? AND status = 'running'")) {
      ps.setString(1, state.status());
      ps.setString(2, state.result());
      ps.setString(3, state.error());
      ps.setString(4, state.updatedAt());
      ps.setString(5, state.taskId());
      ps.setInt(6, state.attempts());
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("finish of task " + state.taskId() + " attempt " + state.attempts()
          + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean delete(String taskId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM task_states WHERE task_id = ?")) {
      ps.setString(1, taskId);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("delete of task " + taskId + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<TaskState> find(String taskId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT task_id, file_type, filename, status, attempts, result,"
            + " error, updated_at FROM task_states WHERE task_id = ?")) {
      ps.setString(1, taskId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new TaskState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getInt(5), rs.getString(6), rs.getString(7), rs.getString(8)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("select of task " + taskId + " failed: " + e.getMessage(), e);
    }
  }

  private static void bind(PreparedStatement ps, TaskState s) throws SQLException {
    ps.setString(1, s.fileType());
    ps.setString(2, s.filename());
    ps.setString(3, s.status());
    ps.setInt(4, s.attempts());
    ps.setString(5, s.result());
    ps.setString(6, s.error());
    ps.setString(7, s.updatedAt());
    ps.setString(8, s.taskId());
  }
}
