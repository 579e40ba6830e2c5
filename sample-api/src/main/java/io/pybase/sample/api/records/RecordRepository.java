package io.pybase.sample.api.records;

import io.pybase.metrics.instrument.QueryType;
import java.util.List;
import java.util.Optional;

/**
 * Records of the known tables. Every method is one query, timed through {@code InstrumentedProxy}.
 *
 * <pre>{@code
 * RecordRepository repo = InstrumentedProxy.wrap(RecordRepository.class, new JdbcRecordRepository(ds), metrics);
 * StoredRecord r = repo.insert("projects", "{\"name\":\"Bridge\"}");
 * }</pre>
 */
public interface RecordRepository {

  @QueryType("insert")
  StoredRecord insert(String tableId, String dataJson);

  @QueryType("select")
  Optional<StoredRecord> find(String tableId, long id);

  @QueryType("select")
  List<StoredRecord> list(String tableId, int limit, int offset);

  /** Replaces the fields; empty when the record does not exist. */
  @QueryType("update")
  Optional<StoredRecord> update(String tableId, long id, String dataJson);

  /** Whether a record was deleted. */
  @QueryType("delete")
  boolean delete(String tableId, long id);

  /**
   * Record count and average size of a table, computed in SQL as {@code SUM(size) / COUNT(*)}: on an empty table
   * the database raises a division by zero. That fault is kept on purpose: it is the sample's real 5xx.
   */
  @QueryType("aggregate")
  TableStats stats(String tableId);
}
