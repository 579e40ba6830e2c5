package io.pybase.sample.allinone;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Small real documents of each supported type. */
final class SampleDocuments {

  private SampleDocuments() {}

  static final String IFC = String.join("\n",
      "ISO-10303-21;",
      "HEADER;",
      "FILE_DESCRIPTION(('ViewDefinition [CoordinationView]'),'2;1');",
      "FILE_NAME('house.ifc','2026-01-01T10:00:00',('Ann Architect'),('PyBase'),'IfcOpenShell','Sample','');",
      "FILE_SCHEMA(('IFC4'));",
      "ENDSEC;",
      "DATA;",
      "#1=IFCPROJECT('0xScRe4drECQ4DMSqUjd6d',$,'Riverside house',$,$,$,$,$,$);",
      "#2=IFCWALL('1xScRe4drECQ4DMSqUjd6d',$,'North wall',$,$,$,$,$,$);",
      "#3=IFCWALL('2xScRe4drECQ4DMSqUjd6d',$,'South wall',$,$,$,$,$,$);",
      "ENDSEC;",
      "END-ISO-10303-21;");

  static final String DXF = String.join("\n",
      "0", "SECTION", "2", "HEADER", "9", "$ACADVER", "1", "AC1027", "0", "ENDSEC",
      "0", "SECTION", "2", "TABLES", "0", "LAYER", "2", "WALLS", "0", "ENDSEC",
      "0", "SECTION", "2", "ENTITIES",
      "0", "LINE", "8", "WALLS", "10", "0.0", "20", "0.0", "11", "10.0", "21", "0.0",
      "0", "LINE", "8", "WALLS", "10", "10.0", "20", "0.0", "11", "10.0", "21", "5.0",
      "0", "TEXT", "8", "WALLS", "1", "Ground floor plan",
      "0", "ENDSEC", "0", "EOF");

  /** A one-page PDF with a title and a line of text, made with PDFBox. */
  static byte[] pdf(String title, String text) throws IOException {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      doc.getDocumentInformation().setTitle(title);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        cs.newLineAtOffset(72, 700);
        cs.showText(text);
        cs.endText();
      }
      doc.save(out);
      return out.toByteArray();
    }
  }
}
