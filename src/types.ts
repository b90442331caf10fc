/**
 * The whole data model of clausecheck, in the order data flows through it:
 *
 *   file ─ingest─▶ Source ─parse─▶ Agreement ─recognize─▶ Candidate ─check─▶ RuleResult ─report─▶ text / JSON
 *
 * Offsets count UTF-16 code units from 0 in the decoded text of the file. Lines and
 * columns count from 1, columns in characters, and always point into the file as the
 * user has it (ingest never shifts text: wrappers it hides are blanked, not removed).
 */

/** Where a piece of text stands in the source file. */
export interface Span {
  /** Offset of the first character, counted from 0. */
  start: number;
  /** Offset one past the last character, counted from 0. */
  end: number;
  /** Line of `start`, counted from 1. */
  line: number;
  /** Column of `start`, counted from 1 (characters, not bytes). */
  column: number;
  /** Line of the last character, counted from 1. */
  endLine: number;
  /** Column one past the last character, counted from 1. */
  endColumn: number;
}

/** Text encodings the reader recognises. */
export type Encoding = "utf-8" | "windows-1252" | "utf-16le" | "utf-16be";

/** What kind of file the text came from. */
export type SourceFormat = "text" | "edgar-text" | "html" | "docx";

/**
 * Where the characters of an extracted text (HTML, .docx) came from. Line and column in reports
 * are those of `fileText`: the HTML file as decoded, or, for .docx, the document's paragraphs
 * one per line, so that a "line" is a paragraph number.
 */
export interface SourceMap {
  /** What a line counts: a line of the file, or a paragraph of a Word document. */
  lines: "line" | "paragraph";
  fileText: string;
  /** fileOffsets[i] is the offset in fileText of text offset i; one more entry for the end. */
  fileOffsets: Int32Array;
  /** HTML elements holding the text, sorted by start (text offsets), for "which element". */
  elements?: { start: number; end: number; name: string }[];
}

/**
 * Where a Source's text stands in a larger file: one exhibit of a full EDGAR submission holds
 * only its own text, cut out of the file, so that checking many exhibits costs the size of the
 * file once, not once per exhibit. Lines and columns in reports are still the file's.
 */
export interface SourceBase {
  /** Offset in the decoded file of the text's first character (of `map.fileText` when there is a map). */
  offset: number;
  /** Line (from 1) of that character in the file. */
  line: number;
  /** Column (from 1) of that character in its line of the file. */
  column: number;
  /** Lines in the whole file. */
  lineCount: number;
}

/** A document read from disk (or given in memory), ready to parse. */
export interface Source {
  /** The path as the user gave it (or a label for in-memory text). */
  file: string;
  /**
   * The decoded text with any EDGAR wrapper (`<DOCUMENT>`, `<TYPE>`, `<PAGE>`…) blanked
   * out by spaces, so every offset is also an offset into the decoded file (for an exhibit
   * of a submission with several documents, into the exhibit's text: see `base`).
   */
  text: string;
  encoding: Encoding;
  format: SourceFormat;
  /** The EDGAR exhibit type from `<TYPE>`, e.g. `EX-10.47`, when there is one. */
  documentType?: string;
  /** For extracted text (HTML, .docx): where each character came from. */
  map?: SourceMap;
  /**
   * For one exhibit of a full EDGAR submission: where its text (or `map.fileText`) stands in
   * the file. Offsets then count in the exhibit's text; lines and columns are the file's.
   */
  base?: SourceBase;
}

/** A date found in the agreement. */
export interface AgreementDate {
  /** As written, e.g. `November 29, 1999`. */
  text: string;
  /** ISO 8601 calendar date, e.g. `1999-11-29`. */
  iso: string;
  span: Span;
}

/** A party to the agreement. */
export interface Party {
  /** Legal name as written in the body, e.g. `Valence Technology, Inc.` */
  name: string;
  /** The defined role, e.g. `Company`, when the agreement defines one. */
  role?: string;
  span: Span;
}

/** A term the agreement defines, e.g. `(the "Registration Statement")` or `"Trading Market" means …`. */
export interface DefinedTerm {
  term: string;
  /** What the term stands for, as written (the phrase before the parenthesis, or the text after "means"). */
  definition: string;
  /** Where the definition text stands. */
  definitionSpan: Span;
  /** Where the term itself is defined (the quoted term). */
  definedAt: Span;
  /** Every later use of the term (case-sensitive, whole words). */
  uses: Span[];
}

/** A numbered section, or a lettered subdivision such as `(a)` inside one. */
export interface Section {
  /** Full number as a lawyer cites it: `5`, `2(a)`, `4.1(b)(ii)`, `Article IV`. */
  number: string;
  /** The enumerator as written: `1.`, `Section 4.`, `(a)`. */
  label: string;
  /** 1 for top level; children are one deeper. */
  level: number;
  /** The caption, e.g. `Governing Law`, without its closing period. */
  heading?: string;
  /** The section's own text including its children, from after the label. */
  text: string;
  /** From the label to the end of the section. */
  span: Span;
  children: Section[];
}

/** A signature block. */
export interface SignatureBlock {
  /** The party's name as printed over the signature line. */
  party?: string;
  /** The party's defined role, when the name or a caption (`PURCHASER:`) matches one. */
  role?: string;
  /** Printed name of the person signing. */
  signer?: string;
  title?: string;
  /** True when the signature line bears a conformed signature (`/S/ JAY L. KING`). */
  signed: boolean;
  /** The conformed signature as written, when signed. */
  signature?: string;
  span: Span;
}

/** An exhibit, schedule or annex attached after the signatures. */
export interface Attachment {
  /** As headed, e.g. `EXHIBIT B`. */
  title: string;
  span: Span;
}

/** The structured form of an agreement: what `clausecheck parse` prints. */
export interface Agreement {
  file: string;
  format: SourceFormat;
  encoding: Encoding;
  documentType?: string;
  /** Number of lines in the file. */
  lineCount: number;
  title?: string;
  date?: AgreementDate;
  parties: Party[];
  definedTerms: DefinedTerm[];
  sections: Section[];
  signatures: SignatureBlock[];
  /** Exhibits, schedules and annexes after the signatures: forms quoted there are not the agreement's own clauses. */
  attachments: Attachment[];
}

/** A sentence or other smallest unit of text that a rule looks at. */
export interface TextUnit {
  /** Offsets into Source.text (from 0). */
  start: number;
  end: number;
  /** The innermost section holding the unit, if any. */
  section?: string;
  /** The unit's paragraph or innermost section, so a rule can read neighbouring sentences together. */
  block: number;
  /** The exhibit or schedule holding the unit, if it stands in one. */
  attachment?: string;
  /** The lead-in of the enclosing section ("The Company represents and warrants that"), if the unit is in a subdivision. */
  leadIn?: { start: number; end: number };
}

/**
 * How a recognised clause is stated, read from the verbs around it: `done` ("has filed"),
 * `future` ("will file", "shall use its best efforts to"), `conditional` ("if … has filed"),
 * `negated` ("has not filed"), `mentioned` (no verb, or a definition), `quoted` (in an
 * exhibit or schedule, not the agreement's body).
 */
export type Statement = "done" | "future" | "conditional" | "negated" | "mentioned" | "quoted";

/**
 * What frames a clause that is not stated as a fact: its predicate stands inside a `condition`
 * ("If the Purchaser is an accredited investor, …"), in a `conditional provision` that a
 * condition governs ("In the event that a signature is delivered by facsimile, it shall be
 * binding"), in a `proviso` or cap ("in no event shall … exceed"), a `closing condition` ("shall
 * have received an opinion to the effect that"), an `exclusion` ("other than on Form S-8") or a
 * `definition`. Only a conditional provision is still a provision of the agreement.
 */
export type FrameKind = "condition" | "conditional provision" | "proviso" | "closing condition" | "exclusion" | "definition";

/** Why a rule's requirement was not met. */
export type GapReason =
  | "missing"
  | "negated"
  | "future"
  | "conditional"
  | "mentioned"
  | "quoted"
  | "deviating"
  | "incomplete";

/** Severity of a finding. */
export type Severity = "error" | "warning" | "info";

/** A value captured from a clause. */
export type CapturedValue = string | boolean | string[];

/** One quoted piece of evidence. */
export interface Evidence {
  /** The quoted text, whitespace collapsed. */
  text: string;
  file: string;
  /** Line of the first quoted character, from 1. */
  line: number;
  /** Column of the first quoted character, from 1. */
  column: number;
  /** Offset of the first quoted character, from 0. */
  offset: number;
  endLine: number;
  endColumn: number;
  /** Section number holding the quote, e.g. `2(a)`. */
  section?: string;
  /** The exhibit or schedule holding the quote, when it is not in the agreement's body. */
  attachment?: string;
  /** In an HTML file: the element holding the quote, e.g. `p` or `td`. */
  element?: string;
  /** Why this quote is shown: the clause itself, or a definition a value was read from. */
  role: "clause" | "definition";
  /** For a definition: the defined term. */
  term?: string;
}

/** The outcome of one rule on one agreement. */
export interface RuleResult {
  ruleId: string;
  title: string;
  status: "pass" | "gap";
  severity: Severity;
  message: string;
  /** Why it matters, from the rule file. */
  note?: string;
  /** For a gap: what kind of gap. */
  reason?: GapReason;
  /** How the clause found was stated, when one was found. */
  statement?: Statement;
  /** The words that decided `statement`, e.g. `will file`. */
  statementCue?: string;
  /** What the rule captured from the clause. */
  values: Record<string, CapturedValue>;
  /**
   * For a deviating gap, in words: what the rule requires ("S-3 or S-3ASR") and what the clause
   * has instead ("S-1"). Absent for a value that is missing or a flag: the message says it.
   */
  expected?: string;
  actual?: string;
  evidence: Evidence[];
  /** For a gap a waiver accepts: it is still reported, but does not fail the run. */
  waived?: { reason: string; approvedBy?: string; source: string };
  /** For a missing clause: the phrases searched for, in the rule language (never a `regex:` pattern), and where such a clause usually stands. */
  searched?: string[];
  usualPlace?: string;
}

/** All results for one document. */
export interface DocumentReport {
  file: string;
  format: SourceFormat;
  encoding: Encoding;
  documentType?: string;
  results: RuleResult[];
  /** `gaps` counts every gap; `errors` and `warnings` only those not waived; `waived` the waived ones. */
  summary: { passed: number; gaps: number; errors: number; warnings: number; waived: number };
}

/** A waiver naming a document that was checked and had no such gap: reported so that stale waivers are noticed. */
export interface UnusedWaiver {
  rule: string;
  document: string;
  reason: string;
  /** `file:line` of the waiver. */
  source: string;
}

/** A document that could not be read or parsed. */
export interface DocumentError {
  file: string;
  code: string;
  message: string;
}

/** What `clausecheck check --format json` prints. */
export interface Report {
  tool: { name: "clausecheck"; version: string };
  /** Schema version of this report; changes only when a field's meaning changes. */
  reportVersion: 1;
  rules: { id: string; title: string; severity: Severity; file: string }[];
  documents: DocumentReport[];
  errors: DocumentError[];
  /** Waivers naming a document that was checked and had no such gap (never those for documents outside the run). */
  unusedWaivers: UnusedWaiver[];
  summary: { documents: number; passed: number; gaps: number; errors: number; warnings: number; waived: number; unreadable: number };
}

/**
 * How one rule's outcome moved from an earlier draft to a later one:
 * `opened` (met before, a gap now), `closed` (a gap before, met now), `changed` (the same
 * outcome, but the clause says something else: another jurisdiction, another reason for the
 * gap, other wording), `stayed` (the same gap in both), `unchanged` (met the same way in both).
 */
export type ChangeKind = "opened" | "closed" | "changed" | "stayed" | "unchanged";

/** One thing that differs between a rule's two results. */
export interface RuleDifference {
  /**
   * What differs: `status`, `severity` (of a gap), `reason`, `statement`, `waived`, `clause`
   * (the quoted clause's wording) or `values.NAME` (a value the rule read).
   */
  field: string;
  /** The earlier draft's; absent when it had none (no clause, no such value). */
  before?: CapturedValue;
  /** The later draft's; absent when it has none. */
  after?: CapturedValue;
}

/** One rule, compared: both results, each with its clause and where it stands. */
export interface RuleChange {
  ruleId: string;
  title: string;
  change: ChangeKind;
  /** What differs, in the order status, severity, reason, statement, values, waived, clause; empty for `stayed` and `unchanged`. */
  differences: RuleDifference[];
  before: RuleResult;
  after: RuleResult;
}

/** A draft that was compared: the document's identity and its own totals. */
export interface DiffDocument {
  file: string;
  format: SourceFormat;
  encoding: Encoding;
  documentType?: string;
  summary: DocumentReport["summary"];
}

/** What `clausecheck diff OLD NEW --format json` prints (schemas/diff.schema.json). */
export interface DiffReport {
  tool: { name: "clausecheck"; version: string };
  /** Schema version of this report; changes only when a field's meaning changes. */
  diffVersion: 1;
  before: DiffDocument;
  after: DiffDocument;
  /** The rules compared, in the order of `changes`; `file` when a Report said where each was loaded from. */
  rules: { id: string; title: string; severity: Severity; file?: string }[];
  /** One entry per rule, in rule order. */
  changes: RuleChange[];
  /** Rules only one of the two reports has, which could not be compared. */
  uncompared: { ruleId: string; in: "before" | "after" }[];
  summary: Record<ChangeKind, number>;
}
