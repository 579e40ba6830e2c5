package io.pybase.sample.extraction;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * What an extractor found in one document: its text (an excerpt), counts, metadata and, for CAD/BIM files, how
 * many entities of each type it holds.
 *
 * <pre>{@code
 * Extraction e = new Iso10303Extractor("ifc").extract(bytes);
 * e.metadata().get("schema");          // "IFC4"
 * e.entityCounts().get("IFCWALL");     // 12
 * }</pre>
 *
 * @param fileType the extractor's file type
 * @param text the first {@value #MAX_TEXT} characters of the text found
 * @param characters characters of text found
 * @param words words of text found
 * @param metadata document metadata (title, author, schema, version, ...)
 * @param entityCounts entities by type (CAD and BIM formats), or empty
 */
public record Extraction(
    @JsonProperty("file_type") String fileType,
    @JsonProperty("text") String text,
    @JsonProperty("characters") int characters,
    @JsonProperty("words") int words,
    @JsonProperty("metadata") Map<String, String> metadata,
    @JsonProperty("entity_counts") Map<String, Integer> entityCounts) {

  /** Longest text excerpt kept. */
  public static final int MAX_TEXT = 2000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Builds a result from the full {@code text}, keeping an excerpt and counting characters and words. */
  public static Extraction of(String fileType, String text, Map<String, String> metadata,
      Map<String, Integer> entityCounts) {
    String t = text == null ? "" : text.strip();
    int words = t.isEmpty() ? 0 : t.split("\\s+").length;
    return new Extraction(fileType, t.length() > MAX_TEXT ? t.substring(0, MAX_TEXT) : t, t.length(), words,
        Map.copyOf(metadata), Map.copyOf(entityCounts));
  }

  /** The JSON form stored as the task's result. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
