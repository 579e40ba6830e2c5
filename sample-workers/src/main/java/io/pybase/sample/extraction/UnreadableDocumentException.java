package io.pybase.sample.extraction;

/**
 * The content is not a document of the declared type (a "pdf" that is not a PDF, an "ifc" without an ISO 10303-21
 * header, ...). Retrying cannot help: the task fails at once.
 *
 * <pre>{@code
 * throw new UnreadableDocumentException("ifc", "no ISO-10303-21 header");
 * }</pre>
 */
public final class UnreadableDocumentException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * @param fileType the declared type
   * @param reason what is wrong
   */
  public UnreadableDocumentException(String fileType, String reason) {
    super("not a readable " + fileType + " document: " + reason);
  }

  /**
   * @param fileType the declared type
   * @param reason what is wrong
   * @param cause the parser's error
   */
  public UnreadableDocumentException(String fileType, String reason, Throwable cause) {
    super("not a readable " + fileType + " document: " + reason, cause);
  }
}
