import { readFileSync } from "node:fs";
import { packagePath } from "../package-path.js";
import { REPORT_FORMATS } from "../report/report-format.js";
import { VERSION } from "../version.js";
import { DOCUMENT_TYPES } from "./uploads.js";

/** The content type each `?format=` is served as. */
export const FORMAT_TYPES: Record<(typeof REPORT_FORMATS)[number], string> = {
  json: "application/json; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
  sarif: "application/sarif+json; charset=utf-8",
  junit: "application/xml; charset=utf-8",
  markdown: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
  text: "text/plain; charset=utf-8",
};

/** The JSON Schemas the responses follow, by component name: the files of schemas/, as they are. */
const SCHEMAS = {
  Report: "report.schema.json",
  ReportLine: "report-line.schema.json",
  Agreement: "agreement.schema.json",
  Diff: "diff.schema.json",
  DiffLine: "diff-line.schema.json",
  Explanation: "explanation.schema.json",
  Rules: "rules.schema.json",
  Problem: "problem.schema.json",
} as const;

/** What the served document says about the server's limits. */
export interface OpenApiLimits {
  maxBytes: number;
  maxDocuments: number;
  timeoutMs: number;
  queueTimeoutMs: number;
  threads: number;
  queue: number;
  auth: boolean;
}

const ref = (name: keyof typeof SCHEMAS) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("Problem") } } });

/**
 * The OpenAPI 3.1 document served at /openapi.json. Its component schemas are clausecheck's JSON
 * Schema files (draft-07, each declaring its dialect and `$id`, as OpenAPI 3.1 allows), so the
 * API documents exactly what the CLI prints and the tests validate.
 */
export function openApiDocument(limits: OpenApiLimits): Record<string, unknown> {
  const schemas = Object.fromEntries(Object.entries(SCHEMAS).map(([name, file]) => [name, JSON.parse(readFileSync(packagePath("schemas", file), "utf8"))]));
  const formatParam = {
    name: "format",
    in: "query",
    description: "The report format, as `clausecheck check --format` (default json).",
    schema: { type: "string", enum: [...REPORT_FORMATS], default: "json" },
  };
  const documentParam = { name: "document", in: "query", description: "In a full EDGAR submission, the document of this `<TYPE>` (e.g. EX-10.1), as `--document`.", schema: { type: "string" } };
  const nameParam = { name: "name", in: "query", description: "For a raw body: the name to report the document under; its extension (.txt, .htm, .docx) says how to read it. Default `document` with the content type's extension.", schema: { type: "string", maxLength: 255 } };
  const documents = {
    required: true,
    description: `The documents: a multipart/form-data body with a file part per document (any field name; the filename names it in the report) and/or a field \`text\` of pasted text (named by a preceding field \`name\`, else \`pasted.txt\`); or one document as the raw body, sent as ${DOCUMENT_TYPES.join(", ")}. At most ${limits.maxDocuments} documents and ${limits.maxBytes} bytes.`,
    content: {
      "multipart/form-data": { schema: { type: "object", properties: { file: { type: "array", items: { type: "string", format: "binary" } }, text: { type: "string" }, name: { type: "string" } } } },
      ...Object.fromEntries(DOCUMENT_TYPES.map((t) => [t, { schema: { type: "string", format: "binary" } }])),
    },
  };
  const errors = {
    "400": problem("The request is malformed (USAGE)."),
    ...(limits.auth ? { "401": problem("No or a wrong bearer token (UNAUTHORIZED).") } : {}),
    "403": problem("A cross-origin request, or a Host that is not the loopback address, on a server without a token (FORBIDDEN)."),
    "413": problem(`Over ${limits.maxBytes} bytes (TOO_LARGE) or ${limits.maxDocuments} documents (TOO_MANY_DOCUMENTS).`),
    "415": problem("A content type that is not a document (UNSUPPORTED_TYPE)."),
    "422": problem("No document could be read: the code is the CLI's (BINARY, EMPTY, ENCODING, TOO_LARGE…), `errors` lists each."),
    "429": problem(`Every one of the ${limits.threads} workers is busy and ${limits.queue} documents wait already (QUEUE_FULL); see Retry-After.`),
    "503": problem(`No worker became free within ${limits.queueTimeoutMs} ms, or within the request's time limit (BUSY); see Retry-After.`),
    "504": problem(`Checking took longer than the time limit of ${limits.timeoutMs} ms (TIMEOUT); the work was stopped.`),
  };
  const reportContent = (json: keyof typeof SCHEMAS, line: keyof typeof SCHEMAS) => ({
    "application/json": { schema: ref(json) },
    "application/x-ndjson": { schema: ref(line), description: "One JSON value per line." },
    "application/sarif+json": { schema: { type: "object", description: "SARIF 2.1.0 (schemas/sarif-schema-2.1.0.json)." } },
    "application/xml": { schema: { type: "string", description: "JUnit XML." } },
    "text/markdown": { schema: { type: "string" } },
    "text/html": { schema: { type: "string", description: "One self-contained page." } },
    "text/plain": { schema: { type: "string" } },
  });
  return {
    openapi: "3.1.0",
    info: {
      title: "clausecheck review desk",
      version: VERSION,
      description: `Checks securities agreements against the server's rule files, with the same rules, config and waivers as \`clausecheck check\`; every response is what the CLI prints for the same input. Each document is checked on one of ${limits.threads} worker threads; up to ${limits.queue} more wait for one (one more gets 429), each at most ${limits.queueTimeoutMs} ms (then 503); a request has ${limits.timeoutMs} ms in all (504 when it runs out while a document is being checked: the work is stopped). Nothing is ever read from the server's disk on a request's behalf.`,
    },
    servers: [{ url: "/" }],
    ...(limits.auth ? { security: [{ bearer: [] }] } : {}),
    paths: {
      "/v1/check": {
        post: {
          summary: "Check documents against the rules",
          description: "What `clausecheck check --format FORMAT` prints. A document that cannot be read is listed in the report's `errors`, as the CLI does; when none can, the response is a 422 problem.",
          parameters: [formatParam, documentParam, nameParam],
          requestBody: documents,
          responses: { "200": { description: "The report.", content: reportContent("Report", "ReportLine") }, ...errors },
        },
      },
      "/v1/parse": {
        post: {
          summary: "Parse documents into the Agreement JSON",
          description: "What `clausecheck parse` prints: one Agreement, or an array for several.",
          parameters: [documentParam, nameParam],
          requestBody: documents,
          responses: {
            "200": { description: "The Agreement JSON.", content: { "application/json": { schema: { oneOf: [ref("Agreement"), { type: "array", items: ref("Agreement") }] } } } },
            ...errors,
          },
        },
      },
      "/v1/diff": {
        post: {
          summary: "Compare two drafts rule by rule",
          description: "What `clausecheck diff OLD NEW --format FORMAT` prints: the gaps the later draft opened and closed, the clauses that changed, the gaps that stayed.",
          parameters: [formatParam, documentParam],
          requestBody: {
            required: true,
            description: "multipart/form-data with the earlier draft in `before` and the later in `after` (file parts, or text fields of pasted text).",
            content: { "multipart/form-data": { schema: { type: "object", required: ["before", "after"], properties: { before: { type: "string", format: "binary" }, after: { type: "string", format: "binary" } } } } },
          },
          responses: { "200": { description: "The comparison.", content: reportContent("Diff", "DiffLine") }, ...errors },
        },
      },
      "/v1/explain": {
        post: {
          summary: "Explain a rule on a clause (the playground)",
          description: "What `clausecheck explain --format json` prints, for a clause: each condition, each clause recognised with what each part of its patterns matched, the near misses. The rule is one the server loaded (`rule`) or a rule file's text (`ruleText`), whose mistakes come back as a 422 problem with each one's line and column in `problems`.",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  additionalProperties: false,
                  required: ["text"],
                  properties: { rule: { type: "string", description: "A rule id of GET /v1/rules." }, ruleText: { type: "string", description: "A rule file's text (YAML)." }, text: { type: "string", description: "The clause." } },
                },
              },
            },
          },
          responses: { "200": { description: "The explanation.", content: { "application/json": { schema: ref("Explanation") } } }, ...errors },
        },
      },
      "/v1/rules": {
        get: { summary: "The rules a check runs", description: "What `clausecheck rules list --format json` prints.", responses: { "200": { description: "The rules.", content: { "application/json": { schema: ref("Rules") } } }, ...errors } },
      },
      "/v1/rules/{id}": {
        get: {
          summary: "One rule, with its file's text",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "The rule (as an entry of /v1/rules, with `source`).", content: { "application/json": { schema: { $ref: "#/components/schemas/Rules/definitions/rule" } } } }, "404": problem("No such rule (NOT_FOUND).") },
        },
      },
      "/healthz": {
        get: {
          summary: "Whether the server is up, and how busy",
          security: [],
          responses: { "200": { description: "Up.", content: { "application/json": { schema: { type: "object", properties: { status: { const: "ok" }, version: { type: "string" }, rules: { type: "integer" }, workers: { type: "object" } } } } } } },
        },
      },
    },
    components: {
      schemas,
      ...(limits.auth ? { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "The token given to `clausecheck serve --token` (or CLAUSECHECK_TOKEN)." } } } : {}),
    },
  };
}
