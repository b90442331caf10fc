/**
 * The HTTP API of `clausecheck serve`, started as a user starts it (the built CLI, on a free
 * port) and spoken to over HTTP: every endpoint answers with what the CLI prints for the same
 * input, byte for byte, and validates against the same schemas; every error is one
 * problem+json with the CLI's code.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Agreement, DiffReport, Explanation, Report } from "../../src/index.js";
import { SEED, STACK_LINE, ensureBuilt, repoRoot, runCli } from "../helpers/cli.js";
import { validateDiff, validateSarif } from "../helpers/output-schemas.js";
import { describeErrors, validateAgreement, validateReport } from "../helpers/schemas.js";
import { type RunningServer, formOf, startServer } from "../helpers/server.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

const MISSING = "samples/valence-law-missing.txt";
const DOCX = "samples/valence-ridgeway-1999.docx";
const HTM = "samples/valence-ridgeway-1999.htm";
const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const bytes = (file: string) => new Uint8Array(readFileSync(join(repoRoot, file)));

/** Every schema of schemas/ on one strict instance, by $id, as a pipeline would load them. */
const ajv = new Ajv({ strict: true, allErrors: true });
for (const name of ["report", "report-line", "agreement", "diff", "diff-line", "explanation", "rules", "problem"]) {
  ajv.addSchema(JSON.parse(readFileSync(join(repoRoot, "schemas", `${name}.schema.json`), "utf8")));
}
const validate = (name: string, value: unknown) => {
  const v = ajv.getSchema(`https://clausecheck.dev/schemas/${name}.schema.json`);
  if (!v) throw new Error(`no schema ${name}`);
  expect(v(value), describeErrors(v.errors).join("\n")).toBe(true);
};

let server: RunningServer;
let tmp: string;
beforeAll(async () => {
  ensureBuilt();
  tmp = makeTmpDir("serve");
  server = await startServer(["--no-config"]);
}, 60_000);
afterAll(async () => {
  expect(await server?.stop()).toBe(0);
  expect(server.stderr()).not.toContain(STACK_LINE);
  removeTmpDir(tmp);
});

/** What fetch() takes as a body. */
type Body = NonNullable<Parameters<typeof fetch>[1]>["body"];

/** The parts of the OpenAPI document the tests look into. */
interface OpenApiDoc {
  openapi: string;
  paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
  components: { schemas: Record<string, { $id: string }> };
}

async function post(path: string, body: Body, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: "POST", body, headers });
}

/** A problem response: its status, content type, a body valid against problem.schema.json with the code, and no stack trace. */
async function expectProblem(res: Response, status: number, code: string): Promise<{ detail: string; [k: string]: unknown }> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  expect(text).not.toContain(STACK_LINE);
  const body = JSON.parse(text);
  validate("problem", body);
  expect(body).toMatchObject({ status, code, type: `https://clausecheck.dev/problems/${code}` });
  return body;
}

describe("GET /healthz and /openapi.json", () => {
  it("/healthz says ok, with the rules and workers", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", rules: 5, workers: { running: 0, waiting: 0 } });
  });

  it("/openapi.json is OpenAPI 3.1 with every endpoint, and its schemas are the files of schemas/", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as OpenApiDoc;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(["/healthz", "/v1/check", "/v1/diff", "/v1/explain", "/v1/parse", "/v1/rules", "/v1/rules/{id}"]);
    for (const [name, file] of [["Report", "report"], ["Diff", "diff"], ["Agreement", "agreement"], ["Problem", "problem"], ["Explanation", "explanation"], ["Rules", "rules"]]) {
      expect(doc.components.schemas[name as string]).toEqual(JSON.parse(readFileSync(join(repoRoot, "schemas", `${file}.schema.json`), "utf8")));
    }
    // The document's own references (to its components) resolve from its root…
    const refs = JSON.stringify(doc.paths).match(/"\$ref":"#\/components\/[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    for (const r of refs) {
      let node: unknown = doc;
      for (const p of (JSON.parse(`{${r}}`) as { $ref: string }).$ref.slice(2).split("/")) node = (node as Record<string, unknown>)[p];
      expect(node, r).toBeDefined();
    }
    // …and the component schemas, each a schema resource with its $id, compile together and validate a live response.
    const fromDoc = new Ajv({ strict: true, allErrors: true });
    for (const schema of Object.values(doc.components.schemas)) fromDoc.addSchema(schema as object);
    const validateLive = fromDoc.getSchema(doc.components.schemas.Report?.$id ?? "");
    const live = await (await post(`/v1/check?name=${encodeURIComponent(SEED)}`, bytes(SEED), { "content-type": "text/plain" })).json();
    expect(validateLive?.(live), describeErrors(validateLive?.errors).join("\n")).toBe(true);
    expect(doc.paths["/v1/check"]?.post?.responses["413"]).toBeDefined();
    expect(doc.paths["/v1/check"]?.post?.responses["504"]).toBeDefined();
  });
});

describe("POST /v1/check", () => {
  it("a raw text body gives the CLI's JSON report, byte for byte", async () => {
    const res = await post(`/v1/check?name=${encodeURIComponent(SEED)}`, bytes(SEED), { "content-type": "text/plain" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const text = await res.text();
    expect(text).toBe(runCli(["check", "-f", "json", "--no-config", SEED]).stdout);
    validate("report", JSON.parse(text));
    expect(validateReport(JSON.parse(text))).toBe(true);
  });

  it("several documents in one multipart body (text, Word, HTML) give the CLI's report of the same files", async () => {
    const files = [SEED, DOCX, HTM, MISSING];
    const form = formOf(files.map((f) => ({ field: "file", name: f, bytes: bytes(f), type: f.endsWith(".docx") ? DOCX_TYPE : f.endsWith(".htm") ? "text/html" : "text/plain" })));
    const res = await post("/v1/check", form);
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(text).toBe(runCli(["check", "-f", "json", "--no-config", ...files]).stdout);
    const report = JSON.parse(text) as Report;
    expect(report.documents.map((d) => d.format)).toEqual(["edgar-text", "docx", "html", "edgar-text"]);
  });

  /**
   * The CLI's report of the seed and MISSING in each format, from one run writing a file per
   * format (each file holds what --format prints: test/cli-batch.test.ts).
   */
  const formats = [
    ["text", "txt", "text/plain; charset=utf-8"],
    ["markdown", "md", "text/markdown; charset=utf-8"],
    ["sarif", "sarif", "application/sarif+json; charset=utf-8"],
    ["junit", "xml", "application/xml; charset=utf-8"],
    ["html", "html", "text/html; charset=utf-8"],
    ["jsonl", "jsonl", "application/x-ndjson; charset=utf-8"],
  ] as const;
  let cliReports: Map<string, string> | undefined;
  const cliReport = (format: string, ext: string): string => {
    if (!cliReports) {
      const dir = join(tmp, "cli-formats");
      mkdirSync(dir);
      const exts = formats.map(([, e]) => e);
      const r = runCli(["check", "--no-config", "--quiet", ...exts.flatMap((e) => ["-o", join(dir, `report.${e}`)]), SEED, MISSING]);
      expect(r.stderr).toBe("");
      cliReports = new Map(exts.map((e) => [e, readFileSync(join(dir, `report.${e}`), "utf8")]));
    }
    const text = cliReports.get(ext);
    if (text === undefined) throw new Error(`no CLI report for ${format}`);
    return text;
  };

  it.each(formats)("?format=%s is the CLI's --format, byte for byte", async (format, ext, type) => {
    const form = formOf([SEED, MISSING].map((f) => ({ field: "file", name: f, bytes: bytes(f) })));
    const res = await post(`/v1/check?format=${format}`, form);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    const text = await res.text();
    expect(text).toBe(cliReport(format, ext));
    if (format === "sarif") expect(validateSarif(JSON.parse(text))).toBe(true);
  });

  it("pasted text in a text field is checked as a document named by the name field", async () => {
    const form = formOf([{ field: "name", value: "my-draft.txt" }, { field: "text", value: readFileSync(join(repoRoot, MISSING), "utf8") }]);
    const report = (await (await post("/v1/check", form)).json()) as Report;
    expect(report.documents[0]?.file).toBe("my-draft.txt");
    expect(report.documents[0]?.results.find((r) => r.ruleId === "governing-law")?.reason).toBe("missing");
  });

  it("never reads the server's disk: a document named after a file on it is checked from the bytes sent", async () => {
    // Were the name read from disk, governing law would be missing (that sample has none).
    const report = (await (await post(`/v1/check?name=${encodeURIComponent(MISSING)}`, bytes(SEED), { "content-type": "text/plain" })).json()) as Report;
    expect(report.documents[0]?.file).toBe(MISSING);
    expect(report.documents[0]?.results.every((r) => r.status === "pass")).toBe(true);
    // An absolute path is a label too.
    const res = await post("/v1/check?name=/etc/hostname", "", { "content-type": "text/plain" });
    const p = await expectProblem(res, 422, "EMPTY");
    expect(p.file).toBe("/etc/hostname");
  });

  it("concurrent requests give the same results as the CLI, byte for byte", async () => {
    const files = [SEED, MISSING, DOCX, "samples/valence-s3-form-s1.txt", "samples/valence-law-delaware.txt", "samples/valence-listing-otc.txt", HTM, "samples/valence-counterparts-negated.txt"];
    const expected = new Map(files.map((f) => [f, runCli(["check", "-f", "json", "--no-config", f]).stdout]));
    // 16 at once: the 2 workers and the 16 places in the queue hold them all.
    const responses = await Promise.all(
      [...files, ...files].map((f) => post(`/v1/check?name=${encodeURIComponent(f)}`, bytes(f), { "content-type": f.endsWith(".docx") ? DOCX_TYPE : "application/octet-stream" }).then(async (r) => [f, r.status, await r.text()] as const)),
    );
    for (const [f, status, text] of responses) {
      expect(status, text).toBe(200);
      expect(text, f).toBe(expected.get(f));
    }
  }, 120_000);

  it("a document some of whose neighbours cannot be read: 200, the unreadable one listed in errors (as the CLI does)", async () => {
    const form = formOf([{ field: "file", name: SEED, bytes: bytes(SEED) }, { field: "file", name: "broken.docx", bytes: new TextEncoder().encode("PK\u0003\u0004 not a zip"), type: DOCX_TYPE }]);
    const report = (await (await post("/v1/check", form)).json()) as Report;
    expect(report.documents).toHaveLength(1);
    expect(report.errors).toEqual([{ file: "broken.docx", code: "BINARY", message: "not a Word .docx file (a damaged or truncated zip archive)" }]);
  });
});

describe("POST /v1/parse, /v1/diff, /v1/explain; GET /v1/rules", () => {
  it("/v1/parse gives the CLI's Agreement JSON", async () => {
    const res = await post(`/v1/parse?name=${encodeURIComponent(DOCX)}`, bytes(DOCX), { "content-type": DOCX_TYPE });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(text).toBe(runCli(["parse", DOCX]).stdout);
    expect(validateAgreement(JSON.parse(text) as Agreement)).toBe(true);
    // Several documents: an array, as the CLI prints for several files.
    const both = await (await post("/v1/parse", formOf([SEED, MISSING].map((f) => ({ field: "file", name: f, bytes: bytes(f) }))))).text();
    expect(both).toBe(runCli(["parse", SEED, MISSING]).stdout);
  });

  it("/v1/diff gives the CLI's comparison in JSON and Markdown, byte for byte", async () => {
    const form = () => formOf([{ field: "before", name: SEED, bytes: bytes(SEED) }, { field: "after", name: MISSING, bytes: bytes(MISSING) }]);
    const text = await (await post("/v1/diff", form())).text();
    expect(text).toBe(runCli(["diff", "-f", "json", "--no-config", SEED, MISSING]).stdout);
    const diff = JSON.parse(text) as DiffReport;
    expect(validateDiff(diff)).toBe(true);
    expect(diff.changes.find((c) => c.change === "opened")?.ruleId).toBe("governing-law");
    expect(await (await post("/v1/diff?format=markdown", form())).text()).toBe(runCli(["diff", "-f", "markdown", "--no-config", SEED, MISSING]).stdout);
  });

  it("/v1/diff needs exactly before and after", async () => {
    await expectProblem(await post("/v1/diff", formOf([{ field: "before", name: SEED, bytes: bytes(SEED) }])), 400, "USAGE");
    await expectProblem(await post("/v1/diff", formOf([{ field: "file", name: SEED, bytes: bytes(SEED) }])), 400, "USAGE");
    await expectProblem(await post("/v1/diff", bytes(SEED), { "content-type": "text/plain" }), 415, "UNSUPPORTED_TYPE");
  });

  it("/v1/explain with a bundled rule: the CLI's explanation of the clause, with the parts of the pattern that matched", async () => {
    const clause = "This Agreement shall be governed by the laws of the State of Delaware.";
    const res = await post("/v1/explain", JSON.stringify({ rule: "governing-law", text: clause }), { "content-type": "application/json" });
    const body = (await res.json()) as Explanation;
    validate("explanation", body);
    expect(body.result).toMatchObject({ status: "pass", values: { jurisdiction: "Delaware" } });
    const file = join(tmp, "clause.txt");
    writeFileSync(file, clause);
    const cli = JSON.parse(runCli(["explain", file, "--rule", "governing-law", "-f", "json", "--no-config"]).stdout);
    expect({ ...body, file: "", result: { ...body.result, evidence: [] } }).toEqual({ ...cli, file: "", result: { ...cli.result, evidence: [] } });
    const parts = body.clauses[0]?.matches[0]?.parts ?? [];
    expect(parts).toContainEqual({ part: "*govern*", text: "governed" });
    expect(parts.find((p) => p.part === "{jurisdiction}")?.text).toMatch(/^Delaware/);
  });

  it("/v1/explain with a rule file's text: its verdict, and its mistakes at line:column", async () => {
    const source = readFileSync(join(repoRoot, "rules", "prospectus-supplement.yaml"), "utf8");
    const ok = await post("/v1/explain", JSON.stringify({ ruleText: source, text: "The Company has filed a prospectus supplement." }), { "content-type": "application/json" });
    expect(((await ok.json()) as Explanation).result.status).toBe("pass");
    const broken = source.replace("severity: error", "severity: errorr");
    const line = broken.split("\n").findIndex((l) => l.startsWith("severity:")) + 1;
    const p = await expectProblem(await post("/v1/explain", JSON.stringify({ ruleText: broken, text: "x" }), { "content-type": "application/json" }), 422, "RULE_SCHEMA");
    expect(p.problems).toEqual([{ line, column: 11, code: "RULE_SCHEMA", message: 'severity is "errorr", which must be one of: error, warning, info (did you mean "error"?)' }]);
    await expectProblem(await post("/v1/explain", JSON.stringify({ rule: "governing-lw", text: "x" }), { "content-type": "application/json" }), 400, "USAGE");
    await expectProblem(await post("/v1/explain", JSON.stringify({ rule: "governing-law" }), { "content-type": "application/json" }), 400, "USAGE");
    await expectProblem(await post("/v1/explain", "{not json", { "content-type": "application/json" }), 400, "USAGE");
  });

  it("/v1/rules is `rules list --format json`; /v1/rules/ID adds the file's text", async () => {
    const text = await (await fetch(`${server.url}/v1/rules`)).text();
    expect(text).toBe(runCli(["rules", "list", "-f", "json", "--no-config"]).stdout);
    validate("rules", JSON.parse(text));
    const one = (await (await fetch(`${server.url}/v1/rules/governing-law`)).json()) as { source: string };
    expect(one.source).toBe(readFileSync(join(repoRoot, "rules", "governing-law.yaml"), "utf8"));
    await expectProblem(await fetch(`${server.url}/v1/rules/nope`), 404, "NOT_FOUND");
  });
});

describe("errors", () => {
  it("an unknown route is a 404 problem", async () => {
    await expectProblem(await fetch(`${server.url}/v2/check`), 404, "NOT_FOUND");
    await expectProblem(await fetch(`${server.url}/v1/check`), 404, "NOT_FOUND");
  });

  it("a type that is not a document is 415; a bad ?format= is 400", async () => {
    await expectProblem(await post("/v1/check", "\u0089PNG", { "content-type": "image/png" }), 415, "UNSUPPORTED_TYPE");
    await expectProblem(await post("/v1/check", "{}", { "content-type": "application/json" }), 415, "UNSUPPORTED_TYPE");
    await expectProblem(await post("/v1/check?format=pdf", bytes(SEED), { "content-type": "text/plain" }), 400, "USAGE");
  });

  it("a corrupt .docx is 422 BINARY, as the CLI reports it", async () => {
    const p = await expectProblem(await post("/v1/check?name=deal.docx", "PK\u0003\u0004 garbage", { "content-type": DOCX_TYPE }), 422, "BINARY");
    expect(p.detail).toBe("deal.docx: not a Word .docx file (a damaged or truncated zip archive)");
    // The CLI, given the same bytes, reports the same code and message.
    writeFileSync(join(tmp, "deal.docx"), "PK\u0003\u0004 garbage");
    const cli = runCli(["check", "-f", "json", "--no-config", "deal.docx"], { cwd: tmp });
    expect(cli.status).toBe(2);
    expect((JSON.parse(cli.stdout) as Report).errors).toEqual(p.errors);
  });

  it("binary bytes sent as text are 422 BINARY; a multipart body without documents is 400", async () => {
    await expectProblem(await post("/v1/check?name=x.txt", new Uint8Array([0, 1, 2, 0, 255, 0, 7, 0]), { "content-type": "text/plain" }), 422, "BINARY");
    await expectProblem(await post("/v1/check", formOf([{ field: "name", value: "x.txt" }])), 400, "USAGE");
    await expectProblem(await post("/v1/check", formOf([{ field: "other", value: "x" }])), 400, "USAGE");
  });
});

describe("limits", () => {
  let small: RunningServer;
  beforeAll(async () => {
    small = await startServer(["--no-config", "--max-bytes", "2k", "--max-documents", "2", "--jobs", "1"]);
  }, 60_000);
  afterAll(async () => {
    await small?.stop();
  });

  it("a body over --max-bytes is 413 TOO_LARGE, raw or multipart", async () => {
    const seed = bytes(SEED);
    expect(seed.length).toBeGreaterThan(2048);
    await expectProblem(await fetch(`${small.url}/v1/check`, { method: "POST", body: seed, headers: { "content-type": "text/plain" } }), 413, "TOO_LARGE");
    await expectProblem(await fetch(`${small.url}/v1/check`, { method: "POST", body: formOf([{ field: "file", name: SEED, bytes: seed }]) }), 413, "TOO_LARGE");
  });

  it("more documents than --max-documents is 413 TOO_MANY_DOCUMENTS", async () => {
    const form = formOf(["a.txt", "b.txt", "c.txt"].map((name) => ({ field: "file", name, bytes: "The Company has filed a prospectus supplement." })));
    const p = await expectProblem(await fetch(`${small.url}/v1/check`, { method: "POST", body: form }), 413, "TOO_MANY_DOCUMENTS");
    expect(p.detail).toBe("a request may hold at most 2 documents");
  });
});

/** A request with headers fetch() will not send as given (Host, Origin). */
function rawRequest(url: string, method: string, headers: Record<string, string>, body = ""): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => {
        text += d.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("who may call", () => {
  it("without a token: a Host that is not the loopback (DNS rebinding) is 403, a request from another origin is 403, and no CORS header is sent", async () => {
    const rebound = await rawRequest(`${server.url}/v1/rules`, "GET", { host: "evil.example:80" });
    expect(rebound.status).toBe(403);
    expect((JSON.parse(rebound.body) as { code: string }).code).toBe("FORBIDDEN");
    const crossSite = await rawRequest(`${server.url}/v1/check?name=a.txt`, "POST", { origin: "https://evil.example", "content-type": "text/plain" }, "The Company has filed a prospectus supplement.");
    expect(crossSite.status).toBe(403);
    const sameOrigin = await rawRequest(`${server.url}/v1/rules`, "GET", { origin: server.url });
    expect(sameOrigin.status).toBe(200);
    expect(sameOrigin.headers["access-control-allow-origin"]).toBeUndefined();
  });

  describe("with --token and --cors", () => {
    let secured: RunningServer;
    beforeAll(async () => {
      secured = await startServer(["--no-config", "--jobs", "1", "--cors", "https://app.example"], { env: { CLAUSECHECK_TOKEN: "s3cret-token" } });
    }, 60_000);
    afterAll(async () => {
      await secured?.stop();
    });

    it("a request without the token, or with a wrong one, is 401 with WWW-Authenticate; with it, 200", async () => {
      const none = await fetch(`${secured.url}/v1/rules`);
      expect(none.headers.get("www-authenticate")).toBe('Bearer realm="clausecheck"');
      await expectProblem(none, 401, "UNAUTHORIZED");
      await expectProblem(await fetch(`${secured.url}/v1/rules`, { headers: { authorization: "Bearer wrong" } }), 401, "UNAUTHORIZED");
      expect((await fetch(`${secured.url}/v1/rules`, { headers: { authorization: "Bearer s3cret-token" } })).status).toBe(200);
      // Health checks, the API description and the page need no token.
      expect((await fetch(`${secured.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${secured.url}/openapi.json`)).status).toBe(200);
      expect((await fetch(`${secured.url}/`)).status).toBe(200);
      // The route decides, however the path is written: percent-encoded, it is still /v1/rules.
      const encoded = await rawRequest(`${secured.url}/%761/rules`, "GET", {});
      expect(encoded.status).toBe(401);
      // An unknown route asks for the token too, rather than telling what exists.
      expect((await rawRequest(`${secured.url}/v2/nothing`, "GET", {})).status).toBe(401);
      expect(secured.stderr()).toContain("bearer token required");
    });

    it("--cors ORIGIN: a preflight from it is answered, another origin gets no CORS header", async () => {
      const preflight = await rawRequest(`${secured.url}/v1/check`, "OPTIONS", { origin: "https://app.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization" });
      expect(preflight.status).toBe(204);
      expect(preflight.headers["access-control-allow-origin"]).toBe("https://app.example");
      expect(preflight.headers["access-control-allow-headers"]).toContain("authorization");
      const other = await rawRequest(`${secured.url}/v1/rules`, "GET", { origin: "https://other.example", authorization: "Bearer s3cret-token" });
      expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    });
  });

  it("binding to a public address without --token or --insecure-no-auth is refused: one line, exit 2", () => {
    const run = runCli(["serve", "--host", "0.0.0.0", "--port", "0", "--no-config"]);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^clausecheck: listening on 0\.0\.0\.0 exposes the API to other machines: give --token/);
    expect(run.stdout).toBe("");
  });

  it("a port in use is one line, exit 2", async () => {
    const port = new URL(server.url).port;
    const run = runCli(["serve", "--port", port, "--no-config"]);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd()).toBe(`clausecheck: cannot listen on 127.0.0.1:${port}: the port is in use (--port 0 picks a free one)`);
  });
});
