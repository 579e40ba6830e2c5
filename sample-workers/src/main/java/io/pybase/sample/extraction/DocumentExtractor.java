package io.pybase.sample.extraction;

/**
 * Reads the text and metadata of one file type.
 *
 * <pre>{@code
 * DocumentExtractor pdf = DocumentExtractors.forType("pdf");
 * Extraction e = pdf.extract(bytes);
 * }</pre>
 */
@FunctionalInterface
public interface DocumentExtractor {

  /**
   * Extracts {@code content}.
   *
   * @throws UnreadableDocumentException when the content is not of this type
   */
  Extraction extract(byte[] content) throws UnreadableDocumentException;
}
