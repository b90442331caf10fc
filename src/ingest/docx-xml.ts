/**
 * The XML parts of a .docx (document.xml, numbering.xml, styles.xml, the .rels files) read into a
 * small tree of elements for docx-numbering.ts and docx-zip.ts: names, attributes and children,
 * no text (nothing read here needs it).
 *
 * Read with htmlparser2 in xmlMode (issue 12, fewer hand-written parsers) instead of regular
 * expressions. htmlparser2 is already a dependency (the HTML reader), so the .docx path gains no
 * package; saxes, the alternative, would be a new one for no gain here. What the parser reads
 * that the expressions misread (each has a test in test/ingest/docx.test.ts): `<w:numPr>` or
 * `<w:p>` inside a comment or a CDATA section taken for an element (a wrong label, or the
 * fallback scheme); `<w:numPr >` with white space inside the tag missed; a document whose
 * WordprocessingML prefix is not `w:` (Python's ElementTree writes `ns0:`) scanned as having no
 * paragraphs, so its labels fell back to the default scheme. Entities in attribute values are
 * decoded by the parser; a DOCTYPE's entity declarations are never expanded.
 *
 * Measured, and the price paid (2 cores shared with another job, Node 20, the first read in a
 * fresh process as the CLI does it, median of 5 processes, CPU time; bench/docx-read.mjs takes
 * these figures for one build, to be run on two to compare): reading the parts and
 * scanning them (openDocx + scanDocument) takes, with the expressions and with htmlparser2,
 * 9 and 42 ms for samples/redrafted-purchase-agreement.docx (15 KB document.xml), 38 and 180 ms
 * for a 300 KB document.xml, 148 and 480 ms for a 3 MB one; the whole docxSource, 393 and 410 ms,
 * 875 and 1,005 ms, 3,059 and 3,442 ms (+4%, +15%, +13%; mammoth's own XML parsing is most of
 * it). The cost is htmlparser2's tokenizer running before the JIT has compiled it: warm (a batch
 * or the server reading many files) the 3 MB document.xml reads in about 190 ms against 100-130.
 * Kept for the robustness above. Building only the elements a reader asks for (`keep`) and not
 * asking htmlparser2 for attribute objects (`onopentagname`/`onattribute` instead of `onopentag`)
 * took readXml on the 3 MB part from about 400 to 300 ms cold. htmlparser2 is loaded only when a
 * .docx or HTML file is read (read-document.ts imports docx.js and html.js lazily); a .txt check
 * does not load it.
 *
 * Namespaces are resolved as mammoth resolves them: an element or attribute whose prefix is
 * bound to a namespace OOXML uses gets that namespace's usual prefix (`w:`, `mc:`, `r:`…), whatever
 * the document called it, strict OOXML included. A prefix bound to another namespace keeps the
 * name `{uri}local`; an undeclared prefix keeps its name as written.
 *
 * What mammoth never reads is left out of the tree, as mammoth leaves it out: the `mc:Choice` of
 * an `mc:AlternateContent` (the `mc:Fallback`'s children stand in its place, as mammoth reads
 * them), and whatever the reader says to skip (docx-numbering.ts: DrawingML shapes and tracked
 * paragraph-property changes).
 */
import { Parser } from "htmlparser2";

/** An element: its name with the usual prefix of its namespace, its attributes (likewise), its child elements. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
}

/** The prefixes mammoth gives the namespaces it knows (mammoth/lib/docx/office-xml-reader.js). */
const PREFIXES: Readonly<Record<string, string>> = {
  "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "w",
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
  "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing": "wp",
  "http://schemas.openxmlformats.org/drawingml/2006/main": "a",
  "http://schemas.openxmlformats.org/drawingml/2006/picture": "pic",
  "http://purl.oclc.org/ooxml/wordprocessingml/main": "w",
  "http://purl.oclc.org/ooxml/officeDocument/relationships": "r",
  "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": "wp",
  "http://purl.oclc.org/ooxml/drawingml/main": "a",
  "http://purl.oclc.org/ooxml/drawingml/picture": "pic",
  "http://schemas.openxmlformats.org/package/2006/content-types": "content-types",
  "http://schemas.openxmlformats.org/package/2006/relationships": "relationships",
  "http://schemas.openxmlformats.org/markup-compatibility/2006": "mc",
  "urn:schemas-microsoft-com:vml": "v",
  "urn:schemas-microsoft-com:office:word": "office-word",
  "http://schemas.microsoft.com/office/word/2010/wordml": "wordml",
};

const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";

/** Prefix → namespace, as declared on an element and its ancestors ("" for the default namespace), with the names already resolved in it. */
interface Scope {
  namespaces: ReadonlyMap<string, string>;
  elements: Map<string, string>;
  attributes: Map<string, string>;
}

function qualify(name: string, scope: Scope, isAttribute: boolean): string {
  const resolved = isAttribute ? scope.attributes : scope.elements;
  let out = resolved.get(name);
  if (out === undefined) {
    out = resolve(name, scope.namespaces, isAttribute);
    resolved.set(name, out);
  }
  return out;
}

function resolve(name: string, namespaces: ReadonlyMap<string, string>, isAttribute: boolean): string {
  const colon = name.indexOf(":");
  // An attribute without a prefix is in no namespace (not the default one).
  if (colon < 0 && isAttribute) return name;
  const prefix = colon < 0 ? "" : name.slice(0, colon);
  if (prefix === "xml") return name;
  const uri = namespaces.get(prefix);
  if (uri === undefined || uri === "") return name;
  const local = colon < 0 ? name : name.slice(colon + 1);
  const known = PREFIXES[uri];
  return known !== undefined ? `${known}:${local}` : `{${uri}}${local}`;
}

/**
 * How deep elements may nest: reading stops at an element deeper than this, the tree keeping what
 * came before. htmlparser2 keeps its open elements in an array it shifts at each tag, so depth
 * costs it time in proportion (200,000 nested elements took 21 s); real documents nest a few
 * dozen deep, and mammoth's own reader fails on about 10,000.
 */
export const MAX_DEPTH = 2_000;

const isNamespaceDeclaration = (attribute: string) => attribute === "xmlns" || attribute.startsWith("xmlns:");

/** What readXml leaves out of the tree. */
export interface ReadOptions {
  /** Elements left out with everything they hold. */
  skip?: ReadonlySet<string>;
  /**
   * When given, the only elements the tree holds: any other is read through, its child elements
   * standing in its place (as an AlternateContent's Fallback does). For a large part whose
   * reader asks for a few elements: a 3 MB document.xml has some 94,000 elements, 11,000 of them
   * paragraphs, and building them all costs more than parsing.
   */
  keep?: ReadonlySet<string>;
}

/**
 * Reads `xml` into a tree; the root returned is a nameless element holding the document element.
 * Names in the options are names after namespaces are resolved. Never throws: text that is not
 * well-formed XML reads as far as htmlparser2 makes sense of it, and elements nested deeper than
 * MAX_DEPTH end the reading.
 */
export function readXml(xml: string, { skip, keep }: ReadOptions = {}): XmlElement {
  const root: XmlElement = { name: "", attributes: {}, children: [] };
  /** Per open element: where its children go (null while skipped), and its namespace scope. */
  const into: (XmlElement | null)[] = [root];
  const scopes: Scope[] = [{ namespaces: new Map(), elements: new Map(), attributes: new Map() }];
  // A start tag is taken in pieces (its name, then each attribute) and handled at the next tag,
  // when its namespace declarations are all known; not asking for htmlparser2's `onopentag`
  // spares it an object of attributes per element, most of which this reader would throw away.
  let openName: string | undefined;
  /** The open tag's attributes, name then value. */
  const raw: string[] = [];
  let declares = false;

  let stopped = false;

  const open = (rawName: string) => {
    if (into.length > MAX_DEPTH) {
      stopped = true;
      parser.pause();
      return;
    }
    const parent = into[into.length - 1] as XmlElement | null;
    let scope = scopes[scopes.length - 1] as Scope;
    if (declares) {
      const namespaces = new Map(scope.namespaces);
      for (let i = 0; i < raw.length; i += 2) {
        const attribute = raw[i] as string;
        if (isNamespaceDeclaration(attribute)) namespaces.set(attribute === "xmlns" ? "" : attribute.slice(6), raw[i + 1] as string);
      }
      scope = { namespaces, elements: new Map(), attributes: new Map() };
    }
    scopes.push(scope);
    const name = qualify(rawName, scope, false);
    if (parent === null || skip?.has(name) || name === "mc:Choice") {
      into.push(null);
      return;
    }
    // The AlternateContent and its Fallback are transparent: the Fallback's children take their place.
    if (name === "mc:AlternateContent" || name === "mc:Fallback" || (keep !== undefined && !keep.has(name))) {
      into.push(parent);
      return;
    }
    // No prototype: an attribute named __proto__ is an attribute like any other.
    const attributes = Object.create(null) as Record<string, string>;
    for (let i = 0; i < raw.length; i += 2) {
      const attribute = raw[i] as string;
      if (declares && isNamespaceDeclaration(attribute)) continue;
      const qualified = qualify(attribute, scope, true);
      // The first of two attributes of one name wins, as in htmlparser2's own attribute objects.
      if (!Object.hasOwn(attributes, qualified)) attributes[qualified] = raw[i + 1] as string;
    }
    const element: XmlElement = { name, attributes, children: [] };
    parent.children.push(element);
    into.push(element);
  };
  const flush = () => {
    if (openName === undefined || stopped) return;
    open(openName);
    openName = undefined;
    raw.length = 0;
    declares = false;
  };

  const parser = new Parser(
    {
      onopentagname(name) {
        flush();
        openName = name;
      },
      onattribute(name, value) {
        if (openName === undefined) return;
        raw.push(name, value);
        if (isNamespaceDeclaration(name)) declares = true;
      },
      onclosetag() {
        flush();
        if (into.length > 1 && !stopped) {
          into.pop();
          scopes.pop();
        }
      },
    },
    { xmlMode: true },
  );
  parser.end(xml);
  flush();
  return root;
}

/** The first child of `element` named `name`. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** The children of `element` named `name`. */
export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((c) => c.name === name) ?? [];
}

/** Every element inside `element` named `name` (or for which `name` is true), in document order (an element before those it holds). */
export function descendants(element: XmlElement, name: string | ((e: XmlElement) => boolean)): XmlElement[] {
  const wanted = typeof name === "string" ? (e: XmlElement) => e.name === name : name;
  const out: XmlElement[] = [];
  // Depth-first without recursion: a hostile part may nest elements deeper than the call stack goes.
  const pending: XmlElement[] = [...element.children].reverse();
  for (let e = pending.pop(); e !== undefined; e = pending.pop()) {
    if (wanted(e)) out.push(e);
    for (let i = e.children.length - 1; i >= 0; i--) pending.push(e.children[i] as XmlElement);
  }
  return out;
}

/** An element's name without its prefix or namespace. */
export function localName(element: XmlElement): string {
  return element.name.slice(Math.max(element.name.lastIndexOf(":"), element.name.lastIndexOf("}")) + 1);
}
