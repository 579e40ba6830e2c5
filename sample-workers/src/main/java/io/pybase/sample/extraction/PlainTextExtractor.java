package io.pybase.sample.extraction;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Plain text (UTF-8): the text itself, with its line count as metadata.
 *
 * <pre>{@code
 * Extraction e = new PlainTextExtractor("txt").extract("hello world".getBytes(UTF_8));
 * }</pre>
 */
public final class PlainTextExtractor implements DocumentExtractor {

  private final String fileType;

  public PlainTextExtractor(String fileType) {
    this.fileType = fileType;
  }

  @Override
  public Extraction extract(byte[] content) throws UnreadableDocumentException {
    String text = TextDecoding.utf8(fileType, content);
    long lines = text.isEmpty() ? 0 : text.lines().count();
    return Extraction.of(fileType, text, Map.of("lines", Long.toString(lines)), Map.of());
  }

  /** Strict UTF-8 decoding shared by the text formats. */
  static final class TextDecoding {
    private TextDecoding() {}

    static String utf8(String fileType, byte[] content) throws UnreadableDocumentException {
      try {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
      } catch (CharacterCodingException e) {
        throw new UnreadableDocumentException(fileType, "not UTF-8 text", e);
      }
    }
  }
}
