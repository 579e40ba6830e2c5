package io.pybase.sample.task;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The payload of an {@link TaskNames#EXTRACT_DOCUMENT} task, as the API writes it and the extraction worker reads it:
 * its keys, the supported file types and the limits of the test knobs.
 *
 * <pre>{@code
 * if (!ExtractionPayload.supports(type)) {
 *   throw new ApiException(400, "unsupported_file_type", "file_type must be one of " + ExtractionPayload.FILE_TYPES);
 * }
 * }</pre>
 */
public final class ExtractionPayload {

  /** The declared file type, lower case. */
  public static final String FILE_TYPE = "file_type";
  /** The uploaded file's name. */
  public static final String FILENAME = "filename";
  /** The file's bytes, base64. */
  public static final String CONTENT_BASE64 = "content_base64";
  /** Simulated work per attempt, milliseconds, at most {@link #MAX_DELAY_MS}. */
  public static final String DELAY_MS = "delay_ms";
  /** The first N attempts hit a transient fault, at most {@link #MAX_FAIL_ATTEMPTS}. */
  public static final String FAIL_ATTEMPTS = "fail_attempts";

  /** Longest simulated work time per attempt. */
  public static final long MAX_DELAY_MS = 30_000;
  /** Most attempts a submission may ask to fail. */
  public static final int MAX_FAIL_ATTEMPTS = 10;

  /** The supported file types, lower case, in alphabetical order. */
  public static final SortedSet<String> FILE_TYPES = Collections.unmodifiableSortedSet(new TreeSet<>(List.of("pdf",
      "ifc", "step", "stp", "dxf", "txt", "csv", "md")));

  private ExtractionPayload() {}

  /** Whether {@code fileType} (any case) is one of {@link #FILE_TYPES}. */
  public static boolean supports(String fileType) {
    return fileType != null && FILE_TYPES.contains(fileType.toLowerCase(Locale.ROOT));
  }
}
