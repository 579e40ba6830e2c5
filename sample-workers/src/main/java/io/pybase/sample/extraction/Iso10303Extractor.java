package io.pybase.sample.extraction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * STEP physical files (ISO 10303-21: {@code .ifc}, {@code .step}, {@code .stp}). Reads the {@code HEADER}
 * section's {@code FILE_DESCRIPTION}, {@code FILE_NAME} and {@code FILE_SCHEMA} into metadata, counts the
 * {@code DATA} section's entity instances by type, and keeps the string values of the instances (names,
 * descriptions) as the text.
 *
 * <pre>{@code
 * Extraction e = new Iso10303Extractor("ifc").extract(ifcBytes);
 * e.metadata().get("schema");        // IFC4
 * e.entityCounts().get("IFCWALL");   // 12
 * }</pre>
 */
public final class Iso10303Extractor implements DocumentExtractor {

  private final String fileType;

  public Iso10303Extractor(String fileType) {
    this.fileType = fileType;
  }

  @Override
  public Extraction extract(byte[] content) throws UnreadableDocumentException {
    String source = PlainTextExtractor.TextDecoding.utf8(fileType, content);
    List<String> statements = statements(stripComments(source));
    if (statements.isEmpty() || !statements.get(0).equals("ISO-10303-21")) {
      throw new UnreadableDocumentException(fileType, "no ISO-10303-21 header");
    }
    Map<String, String> meta = new LinkedHashMap<>();
    Map<String, Integer> counts = new TreeMap<>();
    StringBuilder text = new StringBuilder();
    String section = "";
    boolean sawHeader = false;
    boolean sawEnd = false;
    for (String st : statements.subList(1, statements.size())) {
      String upper = st.toUpperCase(Locale.ROOT);
      if (upper.equals("HEADER") || upper.equals("DATA") || upper.startsWith("DATA(")) {
        section = upper.startsWith("DATA") ? "DATA" : "HEADER";
        sawHeader |= section.equals("HEADER");
        continue;
      }
      if (upper.equals("ENDSEC")) {
        section = "";
        continue;
      }
      if (upper.equals("END-ISO-10303-21")) {
        sawEnd = true;
        break;
      }
      if (section.equals("HEADER")) {
        header(st, meta);
      } else if (section.equals("DATA")) {
        instance(st, counts, text);
      }
    }
    if (!sawHeader) {
      throw new UnreadableDocumentException(fileType, "no HEADER section");
    }
    if (!sawEnd) {
      throw new UnreadableDocumentException(fileType, "truncated: no END-ISO-10303-21");
    }
    meta.put("entities", Integer.toString(counts.values().stream().mapToInt(Integer::intValue).sum()));
    return Extraction.of(fileType, text.toString(), meta, counts);
  }

  private static void header(String st, Map<String, String> meta) {
    int open = st.indexOf('(');
    if (open < 0 || !st.endsWith(")")) {
      return;
    }
    String name = st.substring(0, open).strip().toUpperCase(Locale.ROOT);
    List<String> args = arguments(st.substring(open + 1, st.length() - 1));
    switch (name) {
      case "FILE_DESCRIPTION" -> putString(meta, "description", args, 0);
      case "FILE_NAME" -> {
        putString(meta, "name", args, 0);
        putString(meta, "timestamp", args, 1);
        putString(meta, "author", args, 2);
        putString(meta, "organization", args, 3);
        putString(meta, "preprocessor", args, 4);
        putString(meta, "originating_system", args, 5);
      }
      case "FILE_SCHEMA" -> putString(meta, "schema", args, 0);
      default -> {
        // other header entities carry nothing the metadata shows
      }
    }
  }

  private static void instance(String st, Map<String, Integer> counts, StringBuilder text) {
    int eq = st.indexOf('=');
    if (!st.startsWith("#") || eq < 0) {
      return;
    }
    String body = st.substring(eq + 1).strip();
    int open = body.indexOf('(');
    String type = open == 0 ? "(COMPLEX)" : (open < 0 ? body : body.substring(0, open)).strip()
        .toUpperCase(Locale.ROOT);
    counts.merge(type, 1, Integer::sum);
    for (String s : strings(body)) {
      if (!s.isBlank() && s.length() > 1 && !looksLikeGuid(s)) {
        text.append(s).append('\n');
      }
    }
  }

  private static boolean looksLikeGuid(String s) {
    return s.length() == 22 && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '$');
  }

  private static void putString(Map<String, String> meta, String key, List<String> args, int index) {
    if (index < args.size()) {
      String joined = String.join(", ", strings(args.get(index)));
      if (!joined.isBlank()) {
        meta.put(key, joined);
      }
    }
  }

  /** The quoted strings in {@code s}, unescaped ({@code ''} is a quote). */
  private static List<String> strings(String s) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\'') {
        StringBuilder b = new StringBuilder();
        i++;
        while (i < s.length()) {
          char c = s.charAt(i);
          if (c == '\'') {
            if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
              b.append('\'');
              i += 2;
              continue;
            }
            break;
          }
          b.append(c);
          i++;
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  /** Top-level comma-separated arguments, respecting parentheses and strings. */
  private static List<String> arguments(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        out.add(s.substring(start, i).strip());
        start = i + 1;
      }
    }
    out.add(s.substring(start).strip());
    return out;
  }

  /** Statements separated by {@code ;} outside strings, trimmed, empty ones dropped. */
  private static List<String> statements(String s) {
    List<String> out = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (c == ';' && !quoted) {
        String st = s.substring(start, i).strip();
        if (!st.isEmpty()) {
          out.add(st);
        }
        start = i + 1;
      }
    }
    return out;
  }

  private static String stripComments(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      }
      if (!quoted && c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? s.length() : end + 1;
        continue;
      }
      b.append(c);
    }
    return b.toString();
  }
}
