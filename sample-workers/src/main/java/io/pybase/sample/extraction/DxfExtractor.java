package io.pybase.sample.extraction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ASCII DXF drawings: group-code/value pairs. Counts the {@code ENTITIES} section's entities by type, keeps the
 * strings of {@code TEXT}, {@code MTEXT} and {@code ATTRIB} entities as the text, and reads {@code $ACADVER} and the
 * layer names as metadata.
 *
 * <pre>{@code
 * Extraction e = new DxfExtractor().extract(dxfBytes);
 * e.entityCounts().get("LINE");      // 42
 * e.metadata().get("acad_version");  // AC1027
 * }</pre>
 */
public final class DxfExtractor implements DocumentExtractor {

  @Override
  public Extraction extract(byte[] content) throws UnreadableDocumentException {
    String source = PlainTextExtractor.TextDecoding.utf8("dxf", content);
    List<String> lines = source.lines().toList();
    if (lines.size() < 2) {
      throw new UnreadableDocumentException("dxf", "empty");
    }
    Map<String, String> meta = new LinkedHashMap<>();
    Map<String, Integer> counts = new TreeMap<>();
    List<String> layers = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    String section = null;
    String entity = null;
    String headerVariable = null;
    boolean expectSectionName = false;
    boolean sawSection = false;
    boolean sawEof = false;
    for (int i = 0; i + 1 < lines.size(); i += 2) {
      int code;
      try {
        code = Integer.parseInt(lines.get(i).strip());
      } catch (NumberFormatException e) {
        throw new UnreadableDocumentException("dxf", "line " + (i + 1) + " is not a group code: '"
            + abbreviate(lines.get(i)) + "'");
      }
      String value = lines.get(i + 1).strip();
      if (code == 0) {
        entity = value;
        if (value.equals("SECTION")) {
          expectSectionName = true;
          sawSection = true;
        } else if (value.equals("ENDSEC")) {
          section = null;
        } else if (value.equals("EOF")) {
          sawEof = true;
          break;
        } else if ("ENTITIES".equals(section)) {
          counts.merge(value, 1, Integer::sum);
        }
        continue;
      }
      if (code == 2 && expectSectionName) {
        section = value;
        expectSectionName = false;
        continue;
      }
      if ("HEADER".equals(section)) {
        if (code == 9) {
          headerVariable = value;
        } else if ("$ACADVER".equals(headerVariable) && code == 1) {
          meta.put("acad_version", value);
        }
      } else if ("TABLES".equals(section) && "LAYER".equals(entity) && code == 2) {
        layers.add(value);
      } else if ("ENTITIES".equals(section) && (code == 1 || code == 3)
          && ("TEXT".equals(entity) || "MTEXT".equals(entity) || "ATTRIB".equals(entity))) {
        text.append(value.replace("\\P", "\n")).append('\n');
      }
    }
    if (!sawSection) {
      throw new UnreadableDocumentException("dxf", "no SECTION");
    }
    if (!sawEof) {
      throw new UnreadableDocumentException("dxf", "truncated: no EOF");
    }
    if (!layers.isEmpty()) {
      meta.put("layers", String.join(",", layers));
    }
    meta.put("entities", Integer.toString(counts.values().stream().mapToInt(Integer::intValue).sum()));
    return Extraction.of("dxf", text.toString(), meta, counts);
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
