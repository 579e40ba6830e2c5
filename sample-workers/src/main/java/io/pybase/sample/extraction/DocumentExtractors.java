package io.pybase.sample.extraction;

import io.pybase.sample.task.ExtractionPayload;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The extractor of each supported file type: {@code pdf} (PDFBox), {@code ifc}, {@code step}/{@code stp}
 * (ISO 10303-21), {@code dxf}, and {@code txt}/{@code csv}/{@code md} (plain text).
 *
 * <pre>{@code
 * if (DocumentExtractors.supports(type)) {
 *   Extraction e = DocumentExtractors.forType(type).extract(bytes);
 * }
 * }</pre>
 */
public final class DocumentExtractors {

  private static final Map<String, DocumentExtractor> BY_TYPE;

  static {
    Map<String, DocumentExtractor> m = new TreeMap<>();
    m.put("pdf", new PdfExtractor());
    m.put("ifc", new Iso10303Extractor("ifc"));
    m.put("step", new Iso10303Extractor("step"));
    m.put("stp", new Iso10303Extractor("stp"));
    m.put("dxf", new DxfExtractor());
    m.put("txt", new PlainTextExtractor("txt"));
    m.put("csv", new PlainTextExtractor("csv"));
    m.put("md", new PlainTextExtractor("md"));
    if (!m.keySet().equals(ExtractionPayload.FILE_TYPES)) {
      throw new IllegalStateException("extractors " + m.keySet() + " differ from the file types the API accepts "
          + ExtractionPayload.FILE_TYPES);
    }
    BY_TYPE = Map.copyOf(m);
  }

  private DocumentExtractors() {}

  /** The supported types, lower case, in alphabetical order: {@link ExtractionPayload#FILE_TYPES}. */
  public static Set<String> types() {
    return ExtractionPayload.FILE_TYPES;
  }

  /** Whether {@code fileType} (any case) is supported. */
  public static boolean supports(String fileType) {
    return fileType != null && BY_TYPE.containsKey(fileType.toLowerCase(Locale.ROOT));
  }

  /**
   * The extractor of {@code fileType} (any case).
   *
   * @throws IllegalArgumentException when the type is not supported
   */
  public static DocumentExtractor forType(String fileType) {
    DocumentExtractor e = fileType == null ? null : BY_TYPE.get(fileType.toLowerCase(Locale.ROOT));
    if (e == null) {
      throw new IllegalArgumentException("unsupported file type '" + fileType + "'; supported: " + types());
    }
    return e;
  }
}
