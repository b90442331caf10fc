/**
 * Characters XML 1.0 cannot hold at all, even escaped: C0 controls other than tab, line feed
 * and carriage return (EDGAR text has form feeds), lone surrogates, U+FFFE and U+FFFF.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for an XML element or a double- or single-quoted attribute: markup escaped, impossible characters replaced by U+FFFD. */
export function xmlText(s: string): string {
  return s
    .replace(NOT_XML, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** An attribute value: like xmlText, with line breaks and tabs kept as character references (a parser would turn them into spaces). */
export function xmlAttribute(s: string): string {
  return xmlText(s).replace(/\r/g, "&#13;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}
