package io.pybase.sample.api.records;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Size statistics of one table.
 *
 * <pre>{@code
 * TableStats s = repository.stats("projects");
 * }</pre>
 *
 * @param tableId the table
 * @param records record count
 * @param averageBytes average size of a record's JSON
 */
public record TableStats(@JsonProperty("table_id") String tableId, @JsonProperty("records") long records,
    @JsonProperty("average_bytes") long averageBytes) {}
