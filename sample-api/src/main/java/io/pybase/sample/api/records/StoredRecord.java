package io.pybase.sample.api.records;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One record of a table: its fields as a JSON object, and its timestamps.
 *
 * <pre>{@code
 * StoredRecord r = repository.insert("projects", "{\"name\":\"Bridge\"}");
 * }</pre>
 *
 * @param id the record id
 * @param tableId the table it belongs to
 * @param data its fields, JSON object text (written as raw JSON)
 * @param createdAt creation time, ISO-8601
 * @param updatedAt last change, ISO-8601
 */
public record StoredRecord(
    @JsonProperty("id") long id,
    @JsonProperty("table_id") String tableId,
    @JsonProperty("data") @JsonRawValue String data,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("updated_at") String updatedAt) {}
