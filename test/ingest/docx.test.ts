/**
 * Word .docx through mammoth: the samples in samples/*.docx (written by
 * test/fixtures/docx/make-docx.mjs) must read like their .txt twins, numbering rebuilt into
 * labels, with positions that are paragraph numbers; broken and hostile zips are refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClauseCheckError } from "../../src/errors.js";
import { formatNumber } from "../../src/ingest/docx-numbering.js";
import { docxSource } from "../../src/ingest/docx.js";
import {
  type Agreement,
  bundledRulesDir,
  checkAgreement,
  loadRules,
  parseAgreement,
  readDocument,
  type Section,
  type Source,
  sourceFromBytes,
} from "../../src/index.js";
import { unzip, zip } from "../helpers/zip.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const samples = join(root, "samples");
const fixtures = join(root, "test/fixtures/docx");
const rules = loadRules(bundledRulesDir);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "clausecheck-docx-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const squash = (s: string) => s.replace(/<PAGE>/g, " ").replace(/\s+/g, " ").trim();

/** What must not depend on the format: everything but positions. */
function essentials(a: Agreement) {
  const sections = (list: Section[]): unknown[] =>
    list.flatMap((s) => [{ number: s.number, label: s.label, level: s.level, heading: s.heading, text: squash(s.text) }, ...sections(s.children)]);
  return {
    title: a.title,
    date: a.date && { text: a.date.text, iso: a.date.iso },
    parties: a.parties.map((p) => ({ name: p.name, role: p.role })),
    definedTerms: a.definedTerms.map((t) => ({ term: t.term, definition: squash(t.definition), uses: t.uses.length })),
    sections: sections(a.sections),
    signatures: a.signatures.map(({ span: _span, ...rest }) => rest),
    attachments: a.attachments.map((x) => x.title),
  };
}

const numbers = (list: Section[]): string[] => list.flatMap((s) => [s.number, ...numbers(s.children)]);

async function docx(path: string): Promise<Source> {
  return docxSource(readFileSync(path), path);
}

/** The paragraph (fileText line, from 1) and what follows the column (from 1). */
function paragraphAt(source: Source, line: number, column: number): string {
  return (source.map?.fileText.split("\n")[line - 1] ?? "").slice(column - 1);
}

async function error(promise: Promise<unknown>): Promise<ClauseCheckError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ClauseCheckError);
  return e as ClauseCheckError;
}

// ─── Zips made by hand (test/helpers/zip.mjs) ───────────────────────────────────────────────────

/** A copy of a .docx with one part rewritten. */
function withPart(from: string | Buffer, part: string, edit: (xml: string) => string): Buffer {
  const bytes = typeof from === "string" ? readFileSync(from) : from;
  return zip(unzip(bytes).map((e) => (e.name === part ? { name: e.name, data: Buffer.from(edit(Buffer.from(e.data).toString("utf8"))) } : e)));
}

/** The seed .docx with its list paragraphs' numbering replaced by `pStyle`, and `styles` added to styles.xml. */
function seedWithStyles(pStyle: string, styles: string): Buffer {
  const document = withPart(join(samples, "valence-ridgeway-1999.docx"), "word/document.xml", (xml) =>
    xml.replaceAll('<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>', pStyle),
  );
  return withPart(document, "word/styles.xml", (xml) => xml.replace("</w:styles>", `${styles}</w:styles>`));
}

// ─── The seed letter ─────────────────────────────────────────────────────────────────────────────

describe("the seed letter as .docx", () => {
  let txt: Source;
  let word: Source;
  beforeAll(async () => {
    txt = await readDocument(join(samples, "valence-ridgeway-1999.txt"));
    word = await readDocument(join(samples, "valence-ridgeway-1999.docx"));
  });

  it("is read as docx, with paragraphs as lines", () => {
    expect(word.format).toBe("docx");
    expect(word.map?.lines).toBe("paragraph");
    expect(word.map?.fileOffsets.length).toBe(word.text.length + 1);
    // The letter has 35 paragraphs: date, address, salutation, six numbered ones, a page break, the closing and the table's cells.
    expect(word.map?.fileText.split("\n")).toHaveLength(35);
  });

  it("writes Word's automatic numbers as labels, the page break as a form feed and the signature table as lines", () => {
    for (const n of [1, 2, 3, 4, 5]) expect(word.text).toMatch(new RegExp(`\\n\\n${n}\\. (?:This|The) `));
    expect(word.text).toContain("thereunder.\n\n\f\n\n6. Delivery of an executed copy");
    expect(word.text).toContain("Very truly yours,\nCOMPANY\nVALENCE TECHNOLOGY, INC.\nBy:   /S/ JAY L. KING\nName:  Jay L. King\nTitle: Vice President");
    expect(word.text).toContain("\n\nAGREED TO:\nPURCHASER:\nRIDGEWAY INVESTMENT LIMITED\nBy:  /S/ ANTHONY L.M. INDER RIEDEN\n");
  });

  it("parses into the same sections, defined terms, parties, date and signers as the .txt", () => {
    const a = parseAgreement(word);
    expect(numbers(a.sections)).toEqual(["1", "2", "2(a)", "2(b)", "3", "4", "4(a)", "4(b)", "5", "6"]);
    expect(a.definedTerms.map((t) => t.term)).toEqual(["Purchaser", "Company", "Common Stock", "Securities Act", "Registration Statement"]);
    expect(a.date?.iso).toBe("1999-11-29");
    expect(a.signatures.map((s) => [s.party, s.signer, s.title])).toEqual([
      ["VALENCE TECHNOLOGY, INC.", "Jay L. King", "Vice President & Chief Financial Officer"],
      ["RIDGEWAY INVESTMENT LIMITED", "Anthony L.M. Inder Rieden", "Director"],
    ]);
    expect(essentials(a)).toEqual(essentials(parseAgreement(txt)));
  });

  it("gets the same results from the bundled rules as the .txt", async () => {
    const fromWord = await checkAgreement(word, rules);
    const fromText = await checkAgreement(txt, rules);
    const outcome = (r: (typeof fromWord.results)[number]) => ({
      ruleId: r.ruleId,
      status: r.status,
      reason: r.reason,
      values: r.values,
      sections: r.evidence.map((e) => e.section),
      quotes: r.evidence.map((e) => e.text),
    });
    expect(fromWord.results.map(outcome)).toEqual(fromText.results.map(outcome));
    expect(fromWord.summary).toEqual({ passed: 5, gaps: 0, errors: 0, warnings: 0, waived: 0 });
  });

  it("places evidence at the paragraph holding the quote, the column where the quote starts", async () => {
    const report = await checkAgreement(word, rules);
    const at = Object.fromEntries(report.results.map((r) => [r.ruleId, [r.evidence[0]?.section, r.evidence[0]?.line, r.evidence[0]?.column]]));
    // Paragraph 13 is section 2: 2(a) and 2(b) are inline; the numbered paragraphs' text starts at column 1.
    expect(at).toEqual({
      "s3-registration": ["2(a)", 13, 46],
      "prospectus-supplement": ["2(b)", 13, 325],
      "exchange-listing": ["3", 14, 1],
      "governing-law": ["5", 16, 1],
      counterparts: ["6", 18, 1],
    });
    for (const r of report.results) {
      for (const e of r.evidence) {
        expect(paragraphAt(word, e.line, e.column).startsWith(e.text.split(" ").slice(0, 6).join(" ")), `${r.ruleId}: ${e.text}`).toBe(true);
        expect(e.endLine).toBe(e.line);
      }
    }
  });

  it("maps every character of the text to the same character of its paragraph, and labels to the paragraph's start", () => {
    const map = word.map as NonNullable<Source["map"]>;
    const starts = [0];
    for (let i = 0; i < map.fileText.length; i++) if (map.fileText[i] === "\n") starts.push(i + 1);
    const labels = [...word.text.matchAll(/(?<=^|\n)\d\. /g)];
    for (const l of labels) {
      for (let i = l.index; i < l.index + l[0].length; i++) expect(starts).toContain(map.fileOffsets[i]);
    }
    const inLabel = (i: number) => labels.some((l) => i >= l.index && i < l.index + l[0].length);
    for (let i = 0; i < word.text.length; i++) {
      const c = word.text[i] as string;
      if (/\s/.test(c) || inLabel(i)) continue;
      expect(map.fileText[map.fileOffsets[i] as number], `text offset ${i}`).toBe(c);
    }
  });
});

// ─── The redrafted agreement ───────────────────────────────────────────────────────────────────

describe("the redrafted agreement as .docx", () => {
  let txt: Source;
  let word: Source;
  beforeAll(async () => {
    txt = await readDocument(join(samples, "redrafted-purchase-agreement.txt"));
    word = await docx(join(samples, "redrafted-purchase-agreement.docx"));
  });

  it("rebuilds three levels of numbering from the document's own definitions: Section 1. / (a) / (i)", () => {
    expect(word.text).toContain("\n\nSection 1. Definitions. As used in this Agreement");
    expect(word.text).toContain("\n\n(f) \"Trading Market\" means the Nasdaq Capital Market.\n\nSection 2. Purchase and Sale.\n\n(a) Purchase Price.");
    expect(word.text).toContain("\n\n(i) the Company shall cause its transfer agent");
    expect(word.text).toContain("\n\n(ii) the Purchaser shall pay");
    // Lettering restarts under each section.
    expect(word.text).toContain("Section 3. Representations and Warranties of the Company. The Company represents and warrants to the Purchaser that, as of the date hereof:\n\n(a) Registration.");
    // The signature page's paragraph property `pageBreakBefore`, which mammoth does not report.
    expect(word.text).toContain("for all purposes.\n\n(d) Indemnification.");
    expect(word.text).toMatch(/in this Agreement\.\n\n\f\n\nIN WITNESS WHEREOF/);
  });

  it("parses into the same sections (2(b)(i), 2(b)(ii)…), terms, parties, date and signers as the .txt", () => {
    const a = parseAgreement(word);
    expect(numbers(a.sections)).toContain("2(b)(i)");
    expect(numbers(a.sections)).toContain("2(b)(ii)");
    expect(numbers(a.sections)).toContain("7(c)");
    expect(a.sections.map((s) => s.heading)).toEqual([
      "Definitions", "Purchase and Sale", "Representations and Warranties of the Company", "Covenants of the Company", "Governing Law", "Submission to Jurisdiction", "Miscellaneous",
    ]);
    expect(a.signatures.map((s) => s.signer)).toEqual(["Elena M. Vasquez", "Daniel R. Okafor"]);
    expect(essentials(a)).toEqual(essentials(parseAgreement(txt)));
  });

  it("gets the same results as the .txt, with evidence at paragraphs", async () => {
    const fromWord = await checkAgreement(word, rules);
    const fromText = await checkAgreement(txt, rules);
    const outcome = (r: (typeof fromWord.results)[number]) => [r.ruleId, r.status, r.values, r.evidence.map((e) => [e.role, e.section, e.text])];
    expect(fromWord.results.map(outcome)).toEqual(fromText.results.map(outcome));
    for (const e of fromWord.results.flatMap((r) => r.evidence)) {
      // A definition's evidence reads `"Term": definition`; its place is the definition's.
      const quote = e.role === "definition" ? e.text.replace(/^"[^"]*":\s*/, "") : e.text;
      expect(paragraphAt(word, e.line, e.column).startsWith(quote.split(" ").slice(0, 4).join(" ")), e.text).toBe(true);
    }
    const law = fromWord.results.find((r) => r.ruleId === "governing-law")?.evidence[0];
    expect(paragraphAt(word, law?.line ?? 0, 1)).toMatch(/^Governing Law\. This Agreement shall be governed/);
  });
});

// ─── Numbering formats, breaks, fallbacks ───────────────────────────────────────────────────────

describe("numbering and breaks", () => {
  it("reads each level's format and text: ARTICLE I, legal Section 1.1, a list starting at C, bullets without a label", async () => {
    const s = await docx(join(fixtures, "legal-numbering.docx"));
    const labels = s.text.split("\n\n").map((b) => b.split(" ").slice(0, 2).join(" "));
    expect(labels).toEqual([
      "CREDIT AGREEMENT", "ARTICLE I", "Section 1.1", "(a) \"Borrower\"", "(b) \"Lender\"", "Section 1.2", "ARTICLE II", "Section 2.1",
      "Line one\nline", "a bulleted", "C. first", "D. second", "Before the", "Section 2.2",
    ]);
    expect(numbers(parseAgreement(s).sections)).toEqual(["Article I", "1.1", "1.1(a)", "1.1(b)", "1.2", "Article II", "2.1", "2.2"]);
  });

  it("writes a line break as a newline (a space in the paragraph), a tab as a tab, and a page break inside a paragraph on a line of its own", async () => {
    const s = await docx(join(fixtures, "legal-numbering.docx"));
    expect(s.text).toContain("Line one\nline two\tafter a tab");
    expect(s.map?.fileText.split("\n")).toContain("Line one line two\tafter a tab");
    expect(s.text).toContain("Before the break.\n\f\nAfter the break.");
    expect(s.map?.fileText.split("\n")).toContain("Before the break.After the break.");
  });

  it("falls back to 1. / (a) / (i) on mammoth's levels when the definitions cannot be matched to the paragraphs", async () => {
    // An element mammoth does not know, holding a paragraph: mammoth skips it, the scan of document.xml does not.
    const bytes = withPart(join(samples, "redrafted-purchase-agreement.docx"), "word/document.xml", (xml) =>
      xml.replace("<w:sectPr", "<w:unknownThing><w:p><w:r><w:t>hidden</w:t></w:r></w:p></w:unknownThing><w:sectPr"),
    );
    const s = await docxSource(bytes, "fallback.docx");
    expect(s.text).toContain("\n\n1. Definitions. As used");
    expect(s.text).toContain("\n\n(b) Settlement.");
    expect(s.text).toContain("\n\n(ii) the Purchaser shall pay");
    expect(s.text).not.toContain("hidden");
    const a = parseAgreement(s);
    expect(numbers(a.sections)).toEqual(numbers(parseAgreement(await docx(join(samples, "redrafted-purchase-agreement.docx"))).sections));
  });

  it("numbers paragraphs whose style (through basedOn) carries the numbering, which mammoth does not report", async () => {
    const bytes = seedWithStyles(
      '<w:pStyle w:val="Numbered"/>',
      '<w:style w:type="paragraph" w:styleId="Numbered"><w:name w:val="Numbered"/><w:basedOn w:val="NumberedBase"/></w:style>' +
        '<w:style w:type="paragraph" w:styleId="NumberedBase"><w:name w:val="Numbered Base"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>',
    );
    expect(Buffer.from(unzip(bytes).find((e) => e.name === "word/document.xml")?.data ?? []).toString()).not.toContain("<w:numPr>");
    const s = await docxSource(bytes, "styled.docx");
    expect(s.text).toContain("\n\n1. This agreement relates");
    expect(s.text).toContain("\n\n6. Delivery of an executed copy");
    expect(numbers(parseAgreement(s).sections)).toEqual(["1", "2", "2(a)", "2(b)", "3", "4", "4(a)", "4(b)", "5", "6"]);
  });

  it("formats counters as Word does", () => {
    expect(formatNumber(28, "lowerLetter")).toBe("bb");
    expect(formatNumber(14, "upperRoman")).toBe("XIV");
    expect(formatNumber(9, "decimalZero")).toBe("09");
    expect(formatNumber(22, "ordinal")).toBe("22nd");
    expect(formatNumber(12, "ordinal")).toBe("12th");
    expect(formatNumber(21, "cardinalText")).toBe("Twenty-one");
    expect(formatNumber(20, "ordinalText")).toBe("Twentieth");
    expect(formatNumber(3, "ordinalText")).toBe("Third");
    expect(formatNumber(4, "someFormatWeDoNotKnow")).toBe("4");
  });
});

// ─── The XML read as XML ────────────────────────────────────────────────────────────────────────

describe("document.xml, numbering.xml and styles.xml read with an XML parser", () => {
  const redrafted = join(samples, "redrafted-purchase-agreement.docx");
  let original: string;
  beforeAll(async () => {
    original = (await docx(redrafted)).text;
    // The document's own definitions are in use (the fallback scheme would write "1. Definitions").
    expect(original).toContain("\n\nSection 1. Definitions. As used");
  });
  const read = async (edit: (xml: string) => string) => (await docxSource(withPart(redrafted, "word/document.xml", edit), "edited.docx")).text;

  it("finds <w:numPr> written with line breaks and spaces inside its tags, and attributes in single quotes", async () => {
    const text = await read((xml) => {
      const edited = xml
        .replaceAll("<w:numPr>", "<w:numPr\n    >")
        .replaceAll("</w:numPr>", "</w:numPr\n>")
        .replaceAll('<w:numId w:val="2"/>', "<w:numId\n w:val = '2' />");
      expect(edited).not.toContain("<w:numPr>");
      return edited;
    });
    expect(text).toBe(original);
  });

  it("reads a document whose WordprocessingML prefix is not w: (ns0:, as Python's ElementTree writes it)", async () => {
    const text = await read((xml) =>
      xml.replace('xmlns:w="', 'xmlns:ns0="').replaceAll("<w:", "<ns0:").replaceAll("</w:", "</ns0:").replaceAll(" w:", " ns0:"),
    );
    expect(text).toBe(original);
  });

  it("ignores <w:numPr> and <w:p> in a comment or a CDATA section", async () => {
    const inComment = await read((xml) =>
      xml
        .replace('<w:pPr><w:jc w:val="center"/>', '<w:pPr><!-- <w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr> --><w:jc w:val="center"/>')
        .replace("<w:sectPr", "<!-- <w:p><w:r><w:t>commented out</w:t></w:r></w:p> --><w:sectPr"),
    );
    expect(inComment).toBe(original);
    // mammoth reads no CDATA section (only elements and text), so the paragraph's text is just shorter.
    const inCdata = await read((xml) => xml.replace("STOCK PURCHASE AGREEMENT</w:t>", "STOCK PURCHASE AGREEMENT<![CDATA[<w:p><w:pPr><w:numPr><w:numId w:val=\"2\"/></w:numPr></w:pPr></w:p>]]></w:t>"));
    expect(inCdata).toBe(original);
  });

  it("skips an AlternateContent's Choice and reads its Fallback, as mammoth does", async () => {
    const text = await read((xml) =>
      xml.replace(
        "<w:sectPr",
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:p><w:r><w:t>the choice</w:t></w:r></w:p><w:p/></mc:Choice>' +
          "<mc:Fallback><w:p><w:r><w:t>The fallback.</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent><w:sectPr",
      ),
    );
    expect(text).toContain("\n\nSection 1. Definitions. As used");
    expect(text.endsWith("\n\nThe fallback.")).toBe(true);
    expect(text).not.toContain("the choice");
  });

  it("decodes entities in attributes: a style named with &amp; carries the numbering", async () => {
    const bytes = seedWithStyles(
      "<w:pStyle w:val='Terms &amp; Numbers'/>",
      '<w:style w:type="paragraph" w:styleId="Terms &#38; Numbers"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>',
    );
    const s = await docxSource(bytes, "entity.docx");
    expect(s.text).toContain("\n\n1. This agreement relates");
    expect(s.text).toContain("\n\n6. Delivery of an executed copy");
  });
});

// ─── Errors ───────────────────────────────────────────────────────────────────────────────────

describe("files that are not Word documents", () => {
  it("BINARY for a .txt renamed .docx, saying it is plain text", async () => {
    const path = join(dir, "renamed.docx");
    writeFileSync(path, readFileSync(join(samples, "valence-ridgeway-1999.txt")));
    const e = await error(readDocument(path));
    expect(e.code).toBe("BINARY");
    expect(e.message).toMatch(/^not a Word \.docx file \(.*plain text/);
    expect(e.file).toBe(path);
  });

  it("BINARY for an old .doc (OLE compound file)", async () => {
    const e = await error(sourceFromBytes(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), "old.docx"));
    expect(e.code).toBe("BINARY");
    expect(e.message).toMatch(/old Word \.doc/);
  });

  it("BINARY for a truncated .docx", async () => {
    const bytes = readFileSync(join(samples, "valence-ridgeway-1999.docx"));
    const e = await error(docxSource(bytes.subarray(0, Math.floor(bytes.length / 2)), "cut.docx"));
    expect(e.code).toBe("BINARY");
  });

  it("BINARY for a zip with no Word document in it", async () => {
    const e = await error(docxSource(zip([{ name: "hello.txt", data: Buffer.from("hello") }]), "other.docx"));
    expect(e.code).toBe("BINARY");
    expect(e.message).toMatch(/no Word document part/);
  });

  it("EMPTY for a document without text, and for zero bytes", async () => {
    expect((await error(docx(join(fixtures, "empty.docx")))).code).toBe("EMPTY");
    expect((await error(docxSource(new Uint8Array(0), "zero.docx"))).code).toBe("EMPTY");
  });
});

describe("zip bombs", () => {
  const quickly = async (bytes: Buffer) => {
    const before = process.memoryUsage();
    const t = performance.now();
    const e = await error(docxSource(bytes, "bomb.docx"));
    const after = process.memoryUsage();
    expect(performance.now() - t).toBeLessThan(1000);
    expect(after.arrayBuffers + after.external - before.arrayBuffers - before.external).toBeLessThan(64 * 1024 * 1024);
    return e;
  };
  const tiny = Buffer.from("<w:document/>");

  it("refuses a zip whose directory declares 4 GB, before unzipping anything", async () => {
    const e = await quickly(zip([{ name: "word/document.xml", data: tiny, declare: 0xfffffff0 }]));
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toMatch(/would unzip .*4\.0 GB.*zip bomb/);
  });

  it("refuses a zip64 entry declaring a terabyte", async () => {
    const e = await quickly(zip([{ name: "word/document.xml", data: tiny, declare64: 1n << 40n }]));
    expect(e.code).toBe("TOO_LARGE");
  });

  it("refuses 60 MB declared from a few bytes (ratio over 100), though under the total limit", async () => {
    const e = await quickly(zip([{ name: "word/document.xml", data: tiny, declare: 60 * 1024 * 1024 }]));
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toMatch(/ratio/);
  });

  it("refuses a part that unzips to more than its entry declares, without inflating it all", async () => {
    // 20 MB of zeros deflate to about 20 KB; the entry claims 1 KB.
    const raw = deflateRawSync(Buffer.alloc(20 * 1024 * 1024), { level: 9 });
    const e = await quickly(zip([{ name: "word/document.xml", data: tiny, raw, declare: 1024 }]));
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toMatch(/word\/document\.xml unzips to more than the 1024 bytes/);
  });
});
