import { readFileSync } from "node:fs";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { InputOutcome, InputTask } from "../batch/check-input.js";
import type { ParseOutcome } from "../batch/worker.js";
import { applyWaivers, unusedWaivers } from "../check/waivers.js";
import { compareReports } from "../compare/compare-reports.js";
import type { Config, Waiver } from "../config/load-config.js";
import { buildReport } from "../report/build-report.js";
import type { DocumentText } from "../report/document-text.js";
import { formatDiff } from "../report/format-diff.js";
import { formatReport } from "../report/format-report.js";
import { REPORT_FORMATS, type ReportFormat } from "../report/report-format.js";
import { ruleListing } from "../rules/rule-listing.js";
import type { RuleSet } from "../rules/rule-types.js";
import type { DocumentError, DocumentReport } from "../types.js";
import { FORMAT_TYPES } from "./openapi.js";
import type { PlaygroundOutcome, PlaygroundTask } from "./playground-worker.js";
import { HttpProblem, ruleProblems, unreadableProblem } from "./problem.js";
import { type Upload, type UploadLimits, readUploads } from "./uploads.js";
import { type WorkPool, deadline } from "./work-pool.js";

/** What the API's routes work with: the rules and config the server was started with, its pools and limits. */
export interface ApiContext {
  ruleSet: RuleSet;
  config: Config | undefined;
  checks: WorkPool;
  playground: WorkPool;
  limits: UploadLimits & { timeoutMs: number };
}

/** JSON as the CLI prints it: two-space indentation and a final newline. */
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function send(reply: FastifyReply, body: string, type: string): FastifyReply {
  return reply.header("content-type", type).header("cache-control", "no-store").send(body);
}

function formatOf(request: FastifyRequest): ReportFormat {
  const format = (request.query as { format?: string }).format ?? "json";
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new HttpProblem(400, "USAGE", `format "${format}" is not one of ${REPORT_FORMATS.join(", ")}`);
  return format as ReportFormat;
}

function readOptionsOf(request: FastifyRequest): InputTask["read"] {
  const document = (request.query as { document?: string }).document;
  return document ? { document } : {};
}

/** A signal that aborts when the client goes away before its response is written. */
function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once("close", () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** The task that checks an upload: always from its bytes, never from a path. */
function taskFor(u: Upload, read: InputTask["read"], keepText: boolean): InputTask & { bytes: Uint8Array } {
  return { file: u.name, bytes: u.bytes, read, keepText };
}

/**
 * The API's routes, each answering with what the CLI prints for the same input: /v1/check,
 * /v1/parse, /v1/diff, /v1/explain, /v1/rules.
 */
export function apiRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const configWaivers: Waiver[] = ctx.config?.waivers ?? [];

  /** Checks uploads on the pool, within one deadline for the request. */
  async function check(uploads: Upload[], read: InputTask["read"], keepText: boolean, reply: FastifyReply): Promise<InputOutcome[]> {
    ctx.checks.admit(uploads.length);
    const signal = deadline(ctx.limits.timeoutMs);
    const gone = clientGone(reply);
    return Promise.all(uploads.map((u) => ctx.checks.run<InputOutcome>(taskFor(u, read, keepText), signal, { gone })));
  }

  app.post("/v1/check", async (request, reply) => {
    const format = formatOf(request);
    const uploads = await readUploads(request, ctx.limits);
    const outcomes = await check(uploads, readOptionsOf(request), format === "html", reply);
    // As `clausecheck check` assembles its report: documents in input order, the config's waivers
    // applied (no sidecar files: nothing is read from the server's disk for a request).
    const documents: DocumentReport[] = [];
    const texts: (DocumentText | undefined)[] = [];
    const errors: DocumentError[] = [];
    const used = new Set<Waiver>();
    for (const outcome of outcomes) {
      if (!outcome.ok) {
        errors.push(outcome.error);
        continue;
      }
      for (const [k, doc] of outcome.documents.entries()) {
        for (const w of applyWaivers(doc, configWaivers)) used.add(w);
        documents.push(doc);
        texts.push(outcome.texts?.[k]);
      }
    }
    if (documents.length === 0) throw unreadableProblem(errors);
    const report = buildReport(ctx.ruleSet, documents, errors, unusedWaivers(configWaivers, used, uploads.map((u) => u.name)));
    return send(reply, formatReport(report, format, { color: false, rules: ctx.ruleSet.rules, texts }), FORMAT_TYPES[format]);
  });

  app.post("/v1/parse", async (request, reply) => {
    const uploads = await readUploads(request, ctx.limits);
    ctx.checks.admit(uploads.length);
    const signal = deadline(ctx.limits.timeoutMs);
    const gone = clientGone(reply);
    const read = readOptionsOf(request);
    const outcomes = await Promise.all(uploads.map((u) => ctx.checks.run<ParseOutcome>(taskFor(u, read, false), signal, { name: "parseTask", gone })));
    const errors = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
    if (errors.length) throw unreadableProblem(errors);
    const agreements = outcomes.flatMap((o) => (o.ok ? o.agreements : []));
    return send(reply, json(agreements.length === 1 ? agreements[0] : agreements), FORMAT_TYPES.json);
  });

  app.post("/v1/diff", async (request, reply) => {
    const format = formatOf(request);
    const uploads = await readUploads(request, { ...ctx.limits, maxDocuments: 2 }, ["before", "after"]);
    const before = uploads.filter((u) => u.field === "before");
    const after = uploads.filter((u) => u.field === "after");
    if (before.length !== 1 || after.length !== 1) {
      throw new HttpProblem(400, "USAGE", `send one earlier draft in the field before and one later draft in the field after (got ${before.length} and ${after.length})`);
    }
    const outcomes = await check([before[0] as Upload, after[0] as Upload], readOptionsOf(request), false, reply);
    const errors = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
    if (errors.length) throw unreadableProblem(errors);
    const reports = outcomes.map((o, i) => {
      const documents = o.ok ? o.documents : [];
      const doc = documents[0];
      if (documents.length !== 1 || !doc) {
        const name = (i === 0 ? before[0] : after[0])?.name ?? "";
        throw new HttpProblem(422, "USAGE", `${name}: holds ${documents.length} agreements (${documents.map((d) => d.documentType).join(", ")}); choose the one to compare with ?document=TYPE`, { file: name });
      }
      applyWaivers(doc, configWaivers);
      return doc;
    });
    const diff = compareReports(reports[0] as DocumentReport, reports[1] as DocumentReport);
    return send(reply, formatDiff(diff, format, { color: false, rules: ctx.ruleSet.rules }), FORMAT_TYPES[format]);
  });

  app.post("/v1/explain", async (request, reply) => {
    const body = request.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== "object" || Array.isArray(body) || request.body instanceof Uint8Array) {
      throw new HttpProblem(415, "UNSUPPORTED_TYPE", 'send a JSON object: {"rule": "governing-law", "text": "…"} or {"ruleText": "id: …", "text": "…"}');
    }
    const unknown = Object.keys(body).filter((k) => !["rule", "ruleText", "text"].includes(k));
    if (unknown.length) throw new HttpProblem(400, "USAGE", `unknown field "${unknown[0]}": send rule or ruleText, and text`);
    const { rule, ruleText, text } = body;
    if (typeof text !== "string") throw new HttpProblem(400, "USAGE", "text (the clause) must be a string");
    if ((rule === undefined) === (ruleText === undefined)) throw new HttpProblem(400, "USAGE", "send either rule (a rule id) or ruleText (a rule file's text)");
    if (rule !== undefined && typeof rule !== "string") throw new HttpProblem(400, "USAGE", "rule must be a rule id");
    if (ruleText !== undefined && typeof ruleText !== "string") throw new HttpProblem(400, "USAGE", "ruleText must be a rule file's text");
    const task: PlaygroundTask = { text };
    if (typeof rule === "string") task.ruleId = rule;
    if (typeof ruleText === "string") task.ruleText = ruleText;
    ctx.playground.admit(1);
    const outcome = await ctx.playground.run<PlaygroundOutcome>(task, deadline(ctx.limits.timeoutMs), { gone: clientGone(reply) });
    if (outcome.ok) return send(reply, json(outcome.explanation), FORMAT_TYPES.json);
    if ("problems" in outcome) throw ruleProblems(outcome.problems);
    throw new HttpProblem(400, outcome.error.code as "USAGE", outcome.error.message);
  });

  app.get("/v1/rules", async (_request, reply) => send(reply, json(ruleListing(ctx.ruleSet)), FORMAT_TYPES.json));

  app.get("/v1/rules/:id", async (request, reply) => {
    const { id } = request.params as { id: string };
    const listing = ruleListing(ctx.ruleSet);
    const index = listing.rules.findIndex((r) => r.id === id);
    const rule = ctx.ruleSet.rules[index];
    if (index < 0 || !rule) throw new HttpProblem(404, "NOT_FOUND", `no rule "${id}"; the rules are: ${listing.rules.map((r) => r.id).join(", ")}`);
    // The rule file the server loaded at start-up, named by the config: never a path from the request.
    return send(reply, json({ ...listing.rules[index], source: readFileSync(rule.file, "utf8") }), FORMAT_TYPES.json);
  });
}
