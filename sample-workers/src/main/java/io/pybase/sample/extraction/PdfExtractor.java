package io.pybase.sample.extraction;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF through Apache PDFBox: the text of every page, the page count, and the document information (title, author,
 * subject, producer).
 *
 * <pre>{@code
 * Extraction e = new PdfExtractor().extract(Files.readAllBytes(Path.of("report.pdf")));
 * }</pre>
 */
public final class PdfExtractor implements DocumentExtractor {

  @Override
  public Extraction extract(byte[] content) throws UnreadableDocumentException {
    if (content.length < 5 || content[0] != '%' || content[1] != 'P' || content[2] != 'D' || content[3] != 'F') {
      throw new UnreadableDocumentException("pdf", "no %PDF header");
    }
    try (PDDocument doc = Loader.loadPDF(content)) {
      String text = new PDFTextStripper().getText(doc);
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("pages", Integer.toString(doc.getNumberOfPages()));
      meta.put("version", Float.toString(doc.getVersion()));
      PDDocumentInformation info = doc.getDocumentInformation();
      put(meta, "title", info.getTitle());
      put(meta, "author", info.getAuthor());
      put(meta, "subject", info.getSubject());
      put(meta, "producer", info.getProducer());
      return Extraction.of("pdf", text, meta, Map.of());
    } catch (IOException e) {
      throw new UnreadableDocumentException("pdf", e.getMessage(), e);
    }
  }

  private static void put(Map<String, String> meta, String key, String value) {
    if (value != null && !value.isBlank()) {
      meta.put(key, value.strip());
    }
  }
}
