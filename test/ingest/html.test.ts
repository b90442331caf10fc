import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ClauseCheckError } from "../../src/errors.js";
import { htmlSource } from "../../src/ingest/html.js";
import { readDocument, sourceFromBytes } from "../../src/ingest/read-document.js";
import {
  type Agreement,
  bundledRulesDir,
  checkAgreement,
  type Evidence,
  loadRules,
  locatorFor,
  parseAgreement,
  type RuleResult,
  type Section,
  type Source,
} from "../../src/index.js";

const rules = loadRules(bundledRulesDir);
const html = (text: string): Source => htmlSource(text, "deal.htm", "utf-8");
const textOf = (text: string): string => html(text).text;

/** Straight and curly quotes read alike: the .txt samples use `"` where the HTML has “ ”. */
const plainQuotes = (s: string) => s.replace(/[“”]/g, '"').replace(/[‘’]/g, "'");
const collapse = (s: string) => plainQuotes(s).replace(/\s+/g, " ").trim();

/** What a reader of the agreement cares about, without places (lines differ between the files). */
function shape(a: Agreement) {
  const section = (s: Section): unknown => ({
    number: s.number,
    label: s.label,
    level: s.level,
    heading: s.heading,
    text: collapse(s.text),
    children: s.children.map(section),
  });
  return {
    title: a.title,
    date: a.date && { text: a.date.text, iso: a.date.iso },
    parties: a.parties.map((p) => ({ name: plainQuotes(p.name), role: p.role })),
    definedTerms: a.definedTerms.map((t) => ({ term: t.term, definition: plainQuotes(t.definition), uses: t.uses.length })),
    sections: a.sections.map(section),
    signatures: a.signatures.map(({ span, ...s }) => s),
    attachments: a.attachments.map((x) => x.title),
  };
}

function resultShape(r: RuleResult) {
  return {
    ruleId: r.ruleId,
    status: r.status,
    reason: r.reason,
    statement: r.statement,
    values: r.values,
    evidence: r.evidence.map((e) => ({ role: e.role, section: e.section, term: e.term, text: collapse(e.text) })),
  };
}

/** Entities as the test reads them, independently of the reader: the few the samples use. */
const NAMED: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const WINDOWS_1252: Record<number, string> = { 145: "‘", 146: "’", 147: "“", 148: "”", 150: "–", 151: "—" };

/** The file from a place on: tags removed, entities decoded, white space collapsed. */
function readerTextFrom(fileText: string, line: number, column: number): string {
  const lines = fileText.split("\n");
  const rest = [(lines[line - 1] ?? "").slice(column - 1), ...lines.slice(line)].join("\n");
  const decoded = rest
    .replace(/<[^>]*>/g, "")
    .replace(/&#(\d+);/g, (_, n: string) => WINDOWS_1252[Number(n)] ?? String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&([a-z]+);/gi, (m, n: string) => NAMED[n.toLowerCase()] ?? m);
  return decoded.replace(/[\s\u00a0]+/g, " ").trim();
}

/** The words a piece of evidence quotes (a definition's quote starts with `"Term": `). */
function quotedWords(e: Evidence, count = 4): string {
  const quote = e.role === "definition" ? e.text.replace(/^"[^"]*":\s*/, "") : e.text;
  return quote.split(/\s+/).slice(0, count).join(" ");
}

describe("EDGAR HTML samples read like their plain-text originals", () => {
  const pairs = [
    ["samples/valence-ridgeway-1999.txt", "samples/valence-ridgeway-1999.htm"],
    ["samples/valence-ridgeway-1999.txt", "samples/valence-edgar-html.txt"],
    ["samples/redrafted-purchase-agreement.txt", "samples/redrafted-purchase-agreement.htm"],
  ] as const;

  for (const [txt, htm] of pairs) {
    it(`${htm} parses to the same agreement as ${txt}`, async () => {
      const [plain, fromHtml] = await Promise.all([readDocument(txt), readDocument(htm)]);
      expect(fromHtml.format).toBe("html");
      const a = parseAgreement(fromHtml);
      expect(shape(a)).toEqual(shape(parseAgreement(plain)));
      expect(a.lineCount).toBe(readFileSync(htm, "utf8").replace(/\n$/, "").split("\n").length);
    });

    it(`${htm} gives the same check results as ${txt}`, async () => {
      const [plain, fromHtml] = await Promise.all([readDocument(txt), readDocument(htm)]);
      const [p, h] = await Promise.all([checkAgreement(plain, rules), checkAgreement(fromHtml, rules)]);
      expect(h.results).toHaveLength(5);
      expect(h.results.map(resultShape)).toEqual(p.results.map(resultShape));
      expect(h.summary).toEqual(p.summary);
    });

    it(`every piece of evidence in ${htm} points at its quote in the HTML file, with the element holding it`, async () => {
      const fileText = readFileSync(htm, "utf8");
      const report = await checkAgreement(await readDocument(htm), rules);
      const evidence = report.results.flatMap((r) => r.evidence);
      expect(evidence.length).toBeGreaterThanOrEqual(5);
      for (const e of evidence) {
        const there = readerTextFrom(fileText, e.line, e.column);
        expect(there.startsWith(quotedWords(e)), `${e.line}:${e.column} reads "${there.slice(0, 60)}", quote "${e.text.slice(0, 60)}"`).toBe(true);
        expect(e.element, `${e.line}:${e.column}`).toMatch(/^(?:p|div|td)$/);
        expect(e.endLine).toBeGreaterThanOrEqual(e.line);
      }
    });
  }

  it("points the seed's evidence at the paragraphs of the .htm", async () => {
    const report = await checkAgreement(await readDocument("samples/valence-ridgeway-1999.htm"), rules);
    const first = Object.fromEntries(report.results.map((r) => [r.ruleId, [r.evidence[0]?.section, r.evidence[0]?.line, r.evidence[0]?.element]]));
    expect(first).toEqual({
      "s3-registration": ["2(a)", 32, "p"],
      "prospectus-supplement": ["2(b)", 36, "p"],
      "exchange-listing": ["3", 40, "p"],
      "governing-law": ["5", 51, "p"],
      counterparts: ["6", 62, "p"],
    });
  });

  it("names the table cell holding a clause of the modern sample", async () => {
    const report = await checkAgreement(await readDocument("samples/redrafted-purchase-agreement.htm"), rules);
    const byId = Object.fromEntries(report.results.map((r) => [r.ruleId, r.evidence[0]?.element]));
    expect(byId).toMatchObject({ "s3-registration": "td", "exchange-listing": "td", "governing-law": "div", counterparts: "div" });
  });

  it("reads the HTML inside an EDGAR envelope with its document type, lines counted in the .txt", async () => {
    const source = await readDocument("samples/valence-edgar-html.txt");
    const direct = await readDocument("samples/valence-ridgeway-1999.htm");
    expect(source.documentType).toBe("EX-10.47");
    expect(source.text).toBe(direct.text);
    const locator = locatorFor(source);
    const at = source.text.indexOf("November");
    // Six envelope lines come before the HTML.
    expect(locator.position(at).line).toBe(locatorFor(direct).position(at).line + 6);
  });
});

describe("the Source of an HTML file", () => {
  const file = readFileSync("samples/valence-ridgeway-1999.htm", "utf8");
  const source = html(file);

  it("is html with a line map over the decoded file", () => {
    expect(source.format).toBe("html");
    expect(source.encoding).toBe("utf-8");
    expect(source.map?.lines).toBe("line");
    expect(source.map?.fileText).toBe(file);
    expect(source.map?.fileOffsets).toBeInstanceOf(Int32Array);
    expect(source.map?.fileOffsets.length).toBe(source.text.length + 1);
  });

  it("maps every character to the same character in the file, or to the entity or tag it stands for", () => {
    const offsets = source.map?.fileOffsets as Int32Array;
    for (let i = 0; i < source.text.length; i++) {
      const c = source.text[i] as string;
      const at = offsets[i] as number;
      const f = file[at] as string;
      if (c === "\n" || c === "\t") expect(f, `${i}`).toBe("<");
      else if (c === " ") expect(f, `${i}`).toMatch(/[\s&]/);
      else if (f === "&") expect(file.slice(at, at + 8), `${i}`).toMatch(/^&(?:#\d+|[a-z]+);/i);
      else expect(f, `${i}`).toBe(c);
      // Offsets only grow; the line breaks between two blocks share the tag that asked for them.
      if (i > 0 && c !== "\n") expect(at, `${i}`).toBeGreaterThan(offsets[i - 1] as number);
      if (i > 0 && c === "\n") expect(at, `${i}`).toBeGreaterThanOrEqual(offsets[i - 1] as number);
    }
    const last = offsets[source.text.length] as number;
    expect(last).toBe((offsets[source.text.length - 1] as number) + 1);
  });

  it("lists the elements sorted by start, innermost found by the locator", () => {
    const elements = source.map?.elements ?? [];
    expect(elements.length).toBeGreaterThan(10);
    for (let i = 1; i < elements.length; i++) expect(elements[i]?.start).toBeGreaterThanOrEqual(elements[i - 1]?.start as number);
    const locator = locatorFor(source);
    expect(locator.element(source.text.indexOf("November 29"))).toBe("p");
    expect(locator.element(source.text.indexOf("/S/ JAY"))).toBe("td");
  });

  it("leaves out the head, the style sheet, the page break and the page numbers", () => {
    expect(source.text).not.toMatch(/LETTER AGREEMENT|margin-top|<|>/);
    expect(source.text).not.toMatch(/^(?:- 2 -|1)$/m);
    expect(source.text).toContain("thereunder.\n\n6. Delivery");
    expect(source.text.startsWith("November 29, 1999\n\nAnthony L. M. Inder Rieden\nRidgeway Investment Limited\n")).toBe(true);
  });

  it("keeps a signature table's cells on one line and each row on its own", () => {
    expect(source.text).toContain("COMPANY\nVALENCE TECHNOLOGY, INC.\nBy:\t/S/ JAY L. KING\n----------------------------\nName:\tJay L. King\nTitle:\tVice President & Chief Financial Officer");
    expect(source.text).toContain("By:\t/S/ ANTHONY L.M. INDER RIEDEN\n------------------------------------\nName: Anthony L.M. Inder Rieden\nTitle: Director");
  });
});

describe("entities", () => {
  it("reads numeric references 128–159 as Windows-1252, as browsers and EDGAR filers do", () => {
    expect(textOf("<p>the &#147;Company&#148;, the Company&#146;s &#150; and &#151; &#145;x&#146;</p>")).toBe("the “Company”, the Company’s – and — ‘x’");
  });

  it("decodes named, decimal and hexadecimal references", () => {
    expect(textOf("<p>Smith &amp; Jones &lt;x&gt; &quot;q&quot; &sect; 4 &#8220;a&#8221; &#x201C;b&#x201D; &copy;</p>")).toBe('Smith & Jones <x> "q" § 4 “a” “b” ©');
  });

  it("turns &nbsp; into a space that collapses with its neighbours", () => {
    expect(textOf("<P>1.&nbsp;&nbsp;&nbsp;&nbsp;This&nbsp; agreement &#160;relates</P>")).toBe("1. This agreement relates");
  });

  it("reads curly quotes written as UTF-8 characters, each mapped to itself", async () => {
    const input = "<p>the \u201cCompany\u201d\u2019s stock</p>";
    const s = await sourceFromBytes(new TextEncoder().encode(input), "deal.htm");
    expect(s.text).toBe("the \u201cCompany\u201d\u2019s stock");
    expect(s.map?.fileOffsets[4]).toBe(input.indexOf("\u201c"));
  });

  it("reads a Windows-1252 file's curly-quote bytes", async () => {
    const bytes = Uint8Array.from([..."<p>the "].map((c) => c.charCodeAt(0)).concat([0x93], [..."Company"].map((c) => c.charCodeAt(0)), [0x94], [..."</p>"].map((c) => c.charCodeAt(0))));
    const s = await sourceFromBytes(bytes, "deal.htm");
    expect(s.encoding).toBe("windows-1252");
    expect(s.text).toBe("the \u201cCompany\u201d");
  });

  it("leaves a bare ampersand alone", () => {
    expect(textOf("<p>AT&T and R&D & more</p>")).toBe("AT&T and R&D & more");
  });

  it("maps an entity's character to the entity's ampersand, and other characters to themselves", () => {
    const input = "<p>A &#147;B&#148; &amp; C</p>";
    const s = html(input);
    expect(s.text).toBe("A “B” & C");
    const offsets = [...(s.map?.fileOffsets ?? [])];
    expect(offsets.slice(0, s.text.length)).toEqual([3, 4, 5, 11, 12, 18, 19, 24, 25]);
    expect(offsets[s.text.length]).toBe(26);
    expect(input.slice(5, 11)).toBe("&#147;");
  });
});

describe("white space and blocks", () => {
  it("collapses runs of spaces, tabs and line breaks inside a block to one space, mapped to the run's first character", () => {
    const input = "<p>one \n\t  two\nthree</p>";
    const s = html(input);
    expect(s.text).toBe("one two three");
    expect(s.map?.fileOffsets[3]).toBe(input.indexOf(" \n"));
    expect(s.map?.fileOffsets[7]).toBe(input.indexOf("\nthree"));
  });

  it("drops white space at the start and end of blocks", () => {
    expect(textOf("<p>   lead</p>\n\n   <p>trail   </p>  ")).toBe("lead\n\ntrail");
  });

  it("separates blocks by one blank line, however deeply they nest", () => {
    expect(textOf("<div><div><p>a</p></div></div><div>b</div><h2>c</h2><center>d</center><blockquote>e</blockquote>")).toBe("a\n\nb\n\nc\n\nd\n\ne");
  });

  it("ignores empty blocks and spacer paragraphs", () => {
    expect(textOf("<p>a</p><p>&nbsp;</p><div><br></div><p></p><p>b</p>")).toBe("a\n\nb");
  });

  it("ends a line at <br>, and leaves a blank line for two", () => {
    expect(textOf("<p>a<br>b<br/><br>c<br><br><br>d</p>")).toBe("a\nb\n\nc\n\nd");
  });

  it("keeps inline elements inside the line, without adding spaces", () => {
    expect(textOf("<p><b>Section&nbsp;5.</b>&nbsp;&nbsp;<u>Governing Law</u>. Th<i>is</i> Agreement</p>")).toBe("Section 5. Governing Law. This Agreement");
  });

  it("keeps the lines of <pre> text", () => {
    expect(textOf("<pre>1.  First.\n\n    (a) indented\r\n2.  Second.   \n</pre>")).toBe("1.  First.\n\n(a) indented\n2.  Second.");
  });

  it("puts a table row's cells on one line, separated by a tab", () => {
    expect(textOf("<table><tr><td>By:</td><td>/s/ Jane Roe</td></tr><tr><td>Name:</td><td>Jane Roe</td></tr></table>")).toBe("By:\t/s/ Jane Roe\nName:\tJane Roe");
  });

  it("does not let paragraphs inside cells split the row", () => {
    expect(textOf("<table><tr><td><p>(a)</p></td><td><p>Registration. The Shares</p></td></tr></table>")).toBe("(a)\tRegistration. The Shares");
  });

  it("skips empty cells (indent columns) without a tab", () => {
    expect(textOf("<table><tr><td>&nbsp;</td><td></td><td>By:</td><td>&nbsp;</td><td>/s/ X</td></tr></table>")).toBe("By:\t/s/ X");
  });

  it("keeps a cell's own lines, and puts a cell after a many-line cell below it", () => {
    expect(textOf("<table><tr><td>COMPANY<br>ACME INC.<br><br>By: /s/ A</td><td>PURCHASER<br>By: /s/ B</td></tr></table>")).toBe(
      "COMPANY\nACME INC.\n\nBy: /s/ A\n\nPURCHASER\nBy: /s/ B",
    );
  });

  it("lays out signature blocks set side by side one after the other, so each block's lines follow its By: line", () => {
    const input =
      '<p>This Agreement is made between Acme Holdings, Inc. (the "Company") and Beta Partners LLC (the "Purchaser").</p>' +
      "<p>IN WITNESS WHEREOF, the parties have signed this Agreement.</p>" +
      "<table><tr><td>ACME HOLDINGS, INC.</td><td>BETA PARTNERS LLC</td></tr>" +
      "<tr><td>By: /s/ Ann Lee</td><td>By: /s/ Bob Roe</td></tr>" +
      "<tr><td>Name: Ann Lee</td><td>Name: Bob Roe</td></tr>" +
      "<tr><td>Title: Chief Executive Officer</td><td>Title: Manager</td></tr></table>";
    const s = html(input);
    expect(s.text.slice(s.text.indexOf("ACME"))).toBe(
      "ACME HOLDINGS, INC.\nBy: /s/ Ann Lee\nName: Ann Lee\nTitle: Chief Executive Officer\n\nBETA PARTNERS LLC\nBy: /s/ Bob Roe\nName: Bob Roe\nTitle: Manager",
    );
    expect(parseAgreement(s).signatures.map(({ span, ...b }) => b)).toEqual([
      { party: "ACME HOLDINGS, INC.", role: "Company", signed: true, signature: "/s/ Ann Lee", signer: "Ann Lee", title: "Chief Executive Officer" },
      { party: "BETA PARTNERS LLC", role: "Purchaser", signed: true, signature: "/s/ Bob Roe", signer: "Bob Roe", title: "Manager" },
    ]);
    // Each word still points at itself in the file, and at the cell holding it.
    const locator = locatorFor(s);
    for (const word of ["BETA", "Bob Roe", "Manager", "Ann Lee"]) {
      const at = s.text.indexOf(word);
      expect(input.slice(s.map?.fileOffsets[at], (s.map?.fileOffsets[at] ?? 0) + word.length)).toBe(word);
      expect(locator.element(at)).toBe("td");
    }
    const starts = (s.map?.elements ?? []).map((e) => e.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it("groups side-by-side signature columns by their By: cells, with label cells, spacer columns and colspans", () => {
    const input =
      "<table><tr><td colspan=2>ACME HOLDINGS, INC.</td><td>&nbsp;</td><td colspan=2>BETA PARTNERS LLC</td></tr>" +
      "<tr><td>By:</td><td>/s/ Ann Lee</td><td>&nbsp;</td><td>By:</td><td>/s/ Bob Roe</td></tr>" +
      "<tr><td>Name:</td><td>Ann Lee</td><td></td><td>Name:</td><td>Bob Roe</td></tr></table>";
    expect(textOf(input)).toBe("ACME HOLDINGS, INC.\nBy:\t/s/ Ann Lee\nName:\tAnn Lee\n\nBETA PARTNERS LLC\nBy:\t/s/ Bob Roe\nName:\tBob Roe");
  });

  it("separates tables from the paragraphs around them by a blank line", () => {
    expect(textOf("<p>before</p><table><tr><td>x</td></tr></table>after")).toBe("before\n\nx\n\nafter");
  });
});

describe("what a reader does not see", () => {
  it("skips the head, scripts, styles, comments and hidden elements", () => {
    const input =
      "<html><head><title>EX-10.1</title><style>p{color:red}</style><script>var x = '<p>no</p>';</script></head>" +
      "<body><!-- a comment --><div style=\"display: none\"><p>hidden</p></div><ix:header><p>xbrl</p></ix:header><p>seen</p></body></html>";
    expect(textOf(input)).toBe("seen");
  });

  it("drops soft hyphens and zero-width characters", () => {
    expect(textOf("<p>regis&shy;tration&#8203; state\u200bment</p>")).toBe("registration statement");
  });

  it("drops page-number paragraphs and page breaks, keeping one blank line between the paragraphs around them", () => {
    const input = '<p>end of page.</p><p align="center">- 2 -</p><hr style="page-break-after:always"><p>ii</p><p>Page 3 of 9</p><p>next page.</p>';
    expect(textOf(input)).toBe("end of page.\n\nnext page.");
  });

  it("drops page numbers in the paragraphs of a table that lays out the whole page", () => {
    expect(textOf("<table><tr><td><p>end of page.</p><p align=center>2</p><hr><p>next page.</p></td></tr></table>")).toBe("end of page.\n\nnext page.");
  });

  it("treats EDGAR's <PAGE> marker as a page break", () => {
    expect(textOf("<P>thereunder.</P>\n<PAGE>\n<P ALIGN=CENTER>2</P>\n<P>6. Delivery</P>")).toBe("thereunder.\n\n6. Delivery");
  });

  it("keeps numbers that are not alone in their paragraph, and numbers in tables", () => {
    expect(textOf("<p>1.</p><p>Section 2</p><table><tr><td>Shares</td></tr><tr><td>2</td></tr></table>")).toBe("1.\n\nSection 2\n\nShares\n2");
  });

  it("maps the line breaks that stay after a dropped page number to the tag that ended the paragraph", () => {
    const input = "<p>a.</p><p>2</p><p>b.</p>";
    const s = html(input);
    expect(s.text).toBe("a.\n\nb.");
    expect(s.map?.fileOffsets[2]).toBe(input.indexOf("</p>"));
    expect(s.map?.elements?.map((e) => [e.name, s.text.slice(e.start, e.end)])).toEqual([
      ["p", "a."],
      ["p", "b."],
    ]);
  });
});

describe("malformed HTML", () => {
  const cases = [
    "<p>never closed <b>bold <i>italic <div>inner",
    "</p></p>text</td></tr></table></div>",
    "<table><tr><td>cell<td>cell<tr>row</table></table>",
    "<p>a <p>b </b></i> c",
    "<<p>>weird<</p>> & &# &#; &#xZZ; &unknown; < p>",
    "<p",
    "text with no tags at all",
    "<pre>unclosed pre\n  text",
    '<div style="display:none"><p>hidden, never closed',
    "<script>never closed",
    "<p>x</p>\u0000\uFFFD<p>y</p>",
  ];
  for (const input of cases) {
    it(`reads ${JSON.stringify(input)} without throwing`, () => {
      let source: Source | undefined;
      try {
        source = html(input);
      } catch (e) {
        // Only "no text at all" may fail, and only with EMPTY.
        expect(e).toBeInstanceOf(ClauseCheckError);
        expect((e as ClauseCheckError).code).toBe("EMPTY");
        return;
      }
      const offsets = source.map?.fileOffsets as Int32Array;
      expect(offsets.length).toBe(source.text.length + 1);
      for (const o of offsets) expect(o >= 0 && o <= input.length).toBe(true);
      expect(() => parseAgreement(source as Source)).not.toThrow();
    });
  }

  it("keeps the text of never-closed and stray tags", () => {
    expect(textOf("<p>never closed <b>bold <div>inner")).toBe("never closed bold\n\ninner");
    expect(textOf("</p>text</td></tr></table>")).toBe("text");
  });
});

describe("an HTML file with no text", () => {
  async function errorOf(read: () => unknown): Promise<ClauseCheckError> {
    let error: unknown;
    try {
      await read();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClauseCheckError);
    return error as ClauseCheckError;
  }

  it("is EMPTY, naming the file", async () => {
    const e = await errorOf(() => htmlSource("<html><body></body></html>", "empty.htm", "utf-8"));
    expect(e.code).toBe("EMPTY");
    expect(e.file).toBe("empty.htm");
  });

  it("is EMPTY when only the head, scripts and spaces hold anything", async () => {
    const e = await errorOf(() => htmlSource("<html><head><title>Agreement</title></head><body>&nbsp;<script>x()</script><p> </p></body></html>", "x.htm", "utf-8"));
    expect(e.code).toBe("EMPTY");
  });

  it("is EMPTY when read from bytes too", async () => {
    const e = await errorOf(() => sourceFromBytes(new TextEncoder().encode("<html><body></body></html>"), "empty.html"));
    expect(e.code).toBe("EMPTY");
  });
});
