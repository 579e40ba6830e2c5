package io.pybase.sample.extraction;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybase.sample.search.InvertedIndex;
import java.io.ByteArrayOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

class ExtractorsTest {

  @Test
  void pdfTextAndDocumentInformationAreExtracted() throws Exception {
    byte[] pdf;
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      for (String line : new String[] {"First page about steel", "Second page about timber"}) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          cs.newLineAtOffset(72, 700);
          cs.showText(line);
          cs.endText();
        }
      }
      doc.getDocumentInformation().setTitle("Structure report");
      doc.getDocumentInformation().setAuthor("Eve Engineer");
      doc.save(out);
      pdf = out.toByteArray();
    }
    Extraction e = DocumentExtractors.forType("PDF").extract(pdf);
    assertThat(e.text()).contains("First page about steel").contains("Second page about timber");
    assertThat(e.metadata()).containsEntry("pages", "2").containsEntry("title", "Structure report")
        .containsEntry("author", "Eve Engineer");
    assertThat(e.words()).isEqualTo(8);
  }

  @Test
  void stepHeaderIsMetadataAndEntitiesAreCountedByType() throws Exception {
    String step = "ISO-10303-21;\nHEADER;\n/* exported */\nFILE_DESCRIPTION(('Bracket'),'2;1');\n"
        + "FILE_NAME('bracket.stp','2026-02-03T04:05:06',('Bob'),('Acme'),'pre','CAD 9','');\n"
        + "FILE_SCHEMA(('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'));\nENDSEC;\nDATA;\n"
        + "#10=CARTESIAN_POINT('origin',(0.,0.,0.));\n#11=CARTESIAN_POINT('tip; end',(1.,0.,0.));\n"
        + "#12=PRODUCT('B-1','Bracket, left','',(#13));\n#13=(GEOMETRIC_REPRESENTATION_CONTEXT(3)"
        + "GLOBAL_UNIT_ASSIGNED_CONTEXT((#10)));\nENDSEC;\nEND-ISO-10303-21;\n";
    Extraction e = DocumentExtractors.forType("step").extract(step.getBytes(UTF_8));
    assertThat(e.metadata()).containsEntry("name", "bracket.stp").containsEntry("author", "Bob")
        .containsEntry("originating_system", "CAD 9").containsEntry("entities", "4")
        .containsEntry("schema", "AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }");
    assertThat(e.entityCounts()).containsEntry("CARTESIAN_POINT", 2).containsEntry("PRODUCT", 1)
        .containsEntry("(COMPLEX)", 1);
    assertThat(e.text()).contains("tip; end").contains("Bracket, left");
  }

  @Test
  void dxfEntitiesLayersAndTextAreRead() throws Exception {
    String dxf = String.join("\n", "0", "SECTION", "2", "HEADER", "9", "$ACADVER", "1", "AC1032", "0", "ENDSEC",
        "0", "SECTION", "2", "TABLES", "0", "LAYER", "2", "DOORS", "0", "LAYER", "2", "WALLS", "0", "ENDSEC",
        "0", "SECTION", "2", "ENTITIES", "0", "CIRCLE", "8", "DOORS", "40", "1.0",
        "0", "MTEXT", "8", "WALLS", "1", "Level 1\\PKitchen", "0", "ENDSEC", "0", "EOF");
    Extraction e = new DxfExtractor().extract(dxf.getBytes(UTF_8));
    assertThat(e.metadata()).containsEntry("acad_version", "AC1032").containsEntry("layers", "DOORS,WALLS");
    assertThat(e.entityCounts()).containsEntry("CIRCLE", 1).containsEntry("MTEXT", 1);
    assertThat(e.text()).isEqualTo("Level 1\nKitchen");
  }

  @Test
  void contentNotOfItsDeclaredTypeIsRefused() {
    assertThatThrownBy(() -> new PdfExtractor().extract("hello".getBytes(UTF_8)))
        .isInstanceOf(UnreadableDocumentException.class).hasMessageContaining("%PDF");
    assertThatThrownBy(() -> new PdfExtractor().extract("%PDF-1.7 garbage".getBytes(UTF_8)))
        .isInstanceOf(UnreadableDocumentException.class);
    assertThatThrownBy(() -> new Iso10303Extractor("ifc").extract("not a step file".getBytes(UTF_8)))
        .isInstanceOf(UnreadableDocumentException.class).hasMessageContaining("ISO-10303-21");
    assertThatThrownBy(() -> new Iso10303Extractor("ifc").extract("ISO-10303-21;\nHEADER;\nENDSEC;".getBytes(UTF_8)))
        .isInstanceOf(UnreadableDocumentException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> new DxfExtractor().extract("0\nSECTION\n2\nENTITIES\n".getBytes(UTF_8)))
        .isInstanceOf(UnreadableDocumentException.class).hasMessageContaining("EOF");
    assertThatThrownBy(() -> new DxfExtractor().extract("abc\nSECTION\n".getBytes(UTF_8)))
        .isInstanceOf(UnreadableDocumentException.class).hasMessageContaining("group code");
    assertThatThrownBy(() -> new PlainTextExtractor("txt").extract(new byte[] {(byte) 0xC3, (byte) 0x28}))
        .isInstanceOf(UnreadableDocumentException.class).hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> DocumentExtractors.forType("exe")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void indexRanksRecordsByTermWeightAndForgetsRemovedOnes() {
    InvertedIndex index = new InvertedIndex();
    index.put("projects", "1", "Steel bridge over the river, steel deck");
    index.put("projects", "2", "Timber bridge");
    index.put("documents", "3", "Roof survey");
    assertThat(index.search("steel bridge", 10)).extracting(InvertedIndex.Hit::recordId).containsExactly("1", "2");
    index.put("projects", "1", "Concrete tunnel");
    assertThat(index.search("steel", 10)).isEmpty();
    index.remove("projects", "2");
    assertThat(index.search("bridge", 10)).isEmpty();
    assertThat(index.size()).isEqualTo(2);
  }
}
