package io.sparktrain.report;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page: inline CSS, PNGs inlined as base64 data URIs, no scripts and no
 * links out, so it opens offline, from an e-mail or an artifact store, exactly as written.
 */
final class HtmlPage {

  private static final String STYLE = """
      body{font-family:sans-serif;margin:2em;max-width:1400px;color:#222}
      h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}
      table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;
      text-align:right}th{background:#f0f0f0}td.k{text-align:left;font-weight:bold}
      pre{background:#f6f6f6;padding:.8em;overflow:auto;font-size:.85em}
      .row{display:flex;flex-wrap:wrap;gap:1em}img{border:1px solid #ddd}
      """;

  private final StringBuilder body = new StringBuilder();
  private final String title;

  HtmlPage(String title) {
    this.title = title;
    body.append("<h1>").append(escape(title)).append("</h1>\n");
  }

  HtmlPage heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  HtmlPage paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /** PNGs side by side, each with its alt text. */
  HtmlPage images(Map<String, byte[]> pngs) {
    body.append("<div class=\"row\">");
    pngs.forEach((alt, png) -> body.append("<img alt=\"").append(escape(alt))
        .append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\">"));
    body.append("</div>\n");
    return this;
  }

  /** A table with a header row; cells are written with {@link #cell(Object)}. */
  HtmlPage table(List<String> header, List<List<Object>> rows) {
    body.append("<table><tr>");
    header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
    body.append("</tr>\n");
    for (List<Object> row : rows) {
      body.append("<tr>");
      row.forEach(v -> body.append("<td>").append(escape(cell(v))).append("</td>"));
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** Two columns, key and value: provenance and the like. */
  HtmlPage keyValues(Map<String, ?> entries) {
    body.append("<table>");
    entries.forEach((k, v) -> body.append("<tr><td class=\"k\">").append(escape(k))
        .append("</td><td style=\"text-align:left\">").append(escape(cell(v)))
        .append("</td></tr>\n"));
    body.append("</table>\n");
    return this;
  }

  HtmlPage preformatted(String text) {
    body.append("<pre>").append(escape(text)).append("</pre>\n");
    return this;
  }

  String html() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + escape(title) + "</title><style>" + STYLE + "</style></head><body>\n" + body
        + "<p style=\"color:#888\">written by sparktrain</p></body></html>\n";
  }

  /** Numbers to four significant decimals, whole numbers with thousands separators. */
  static String cell(Object value) {
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? (d == Math.rint(d) && Math.abs(d) < 1e15
          ? String.format(Locale.ROOT, "%,d", (long) d) : String.format(Locale.ROOT, "%.4f", d)) : String.valueOf(d);
    }
    if (value instanceof Long || value instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
    }
    return value == null ? "" : String.valueOf(value);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
