import { createHash, timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { workerFile } from "../batch/run-batch.js";
import type { WorkerData } from "../batch/worker.js";
import type { Config } from "../config/load-config.js";
import { isClauseCheckError } from "../errors.js";
import { packagePath } from "../package-path.js";
import type { RuleSettings } from "../rules/load-rules.js";
import type { RuleSet } from "../rules/rule-types.js";
import { VERSION } from "../version.js";
import { type ApiContext, apiRoutes } from "./api-routes.js";
import { openApiDocument } from "./openapi.js";
import { pageRoutes } from "./page-routes.js";
import type { PlaygroundData } from "./playground-worker.js";
import { type ApiErrorCode, HttpProblem } from "./problem.js";
import { WorkPool } from "./work-pool.js";

/** How `clausecheck serve` was started. */
export interface ServerOptions {
  ruleSet: RuleSet;
  config?: Config;
  /** Bearer token every /v1 request must carry; none on a loopback server without one. */
  token?: string;
  /** Origins allowed to call the API from a browser (CORS); none by default. */
  cors?: string[];
  /** Worker threads checking documents. */
  jobs: number;
  /** Documents that may wait for a worker. */
  queue: number;
  /** Time a document may wait for a worker, in milliseconds. */
  queueTimeoutMs: number;
  /** Time a request may take, waiting and checking, in milliseconds. */
  timeoutMs: number;
  /** Bytes of a request body. */
  maxBytes: number;
  /** Documents in one request. */
  maxDocuments: number;
  /** Answer requests addressed to any host name without a token (--insecure-no-auth on a public address). */
  allowAnyHost?: boolean;
  /** The playground's thread is replaced after this many explanations (it compiles rules sent by clients). */
  playgroundRecycle?: number;
}

/** A worker module: next to this one once built; from the built package when running from the TypeScript sources. */
function builtModule(...parts: string[]): string {
  const here = fileURLToPath(new URL(`../${parts.join("/")}`, import.meta.url));
  return existsSync(here) ? here : packagePath("dist", ...parts);
}

/** Host names that reach only this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** The host part of a Host header (`127.0.0.1:8080`, `[::1]:8080`). */
function hostName(header: string | undefined): string {
  if (!header) return "";
  const m = /^\[([^\]]+)\]/.exec(header);
  return m ? (m[1] as string) : (header.split(":")[0] as string);
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Routes a server with a token answers without one: the page and its assets, and the descriptions of the server. */
const PUBLIC_ROUTES = new Set(["/", "/app.js", "/app.css", "/report.css", "/favicon.ico", "/healthz", "/openapi.json"]);

/**
 * The review desk's HTTP server (fastify): the API under /v1, /openapi.json, /healthz and the
 * page at /. Documents are checked on a pool of worker threads (the batch pool), rules sent by
 * clients are explained on a thread of their own. Errors are problem+json (RFC 9457).
 *
 * Protections: without a token, only requests whose Host is a loopback name are answered (a
 * page elsewhere cannot reach the server by DNS rebinding) and a request from another origin
 * is refused (no cross-site form posts); with a token, every /v1 request must carry it. No
 * CORS header is sent unless `cors` names the origin.
 */
export async function createServer(o: ServerOptions): Promise<FastifyInstance> {
  const [{ default: Fastify }, { default: multipart }, { Piscina }] = await Promise.all([import("fastify"), import("@fastify/multipart"), import("piscina")]);
  const app = Fastify({
    logger: false,
    bodyLimit: o.maxBytes,
    // A client that sends its request slowly is cut off after the time limit and a margin.
    requestTimeout: o.timeoutMs + 30_000,
    return503OnClosing: true,
  });

  const workerData: WorkerData = { ruleSet: o.ruleSet, warmUp: true };
  const checks = new WorkPool(
    () => new Piscina({ filename: workerFile(), minThreads: o.jobs, maxThreads: o.jobs, workerData, idleTimeout: 60_000, maxQueue: o.jobs * 4 }),
    { threads: o.jobs, queue: o.queue, queueTimeoutMs: o.queueTimeoutMs },
  );
  const settings: RuleSettings = o.config?.settings ?? {};
  const playgroundData: PlaygroundData = { ruleSet: o.ruleSet, settings };
  const playground = new WorkPool(
    () =>
      new Piscina({
        filename: builtModule("serve", "playground-worker.js"),
        minThreads: 1,
        maxThreads: 1,
        workerData: playgroundData,
        idleTimeout: 60_000,
        maxQueue: 8,
        resourceLimits: { maxOldGenerationSizeMb: 256 },
      }),
    { threads: 1, queue: 16, queueTimeoutMs: o.queueTimeoutMs },
    o.playgroundRecycle ?? 200,
  );
  // Fastify lets the requests under way finish before it closes, and Node closes connections
  // left idle after a request; but Node 20's server.close() leaves open a connection that has
  // not sent a request yet (nodejs/node#63452, fixed in later Node): a browser's speculative
  // connection, or a spare one an HTTP client keeps, held the shutdown until the client gave up
  // (4 s for Node's fetch, minutes for a browser). Such connections are ended when closing begins.
  const beforeFirstRequest = new Set<Socket>();
  let closing = false;
  app.server.on("connection", (socket: Socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    beforeFirstRequest.add(socket);
    socket.once("close", () => beforeFirstRequest.delete(socket));
  });
  app.server.on("request", (request: IncomingMessage) => beforeFirstRequest.delete(request.socket));
  app.addHook("preClose", async () => {
    closing = true;
    for (const socket of beforeFirstRequest) socket.destroy();
    beforeFirstRequest.clear();
  });
  app.addHook("onClose", async () => {
    await Promise.all([checks.close(), playground.close()]);
  });

  // Bodies: JSON for /v1/explain, multipart for documents, anything else as bytes (a route
  // says whether it takes that type).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    try {
      done(null, JSON.parse(String(body)));
    } catch {
      done(new HttpProblem(400, "USAGE", "the body is not valid JSON"), undefined);
    }
  });
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  await app.register(multipart, { throwFileSizeLimit: true, limits: { fileSize: o.maxBytes } });

  const tokenDigest = o.token ? digest(o.token) : undefined;
  const cors = new Set(o.cors ?? []);
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-content-type-options", "nosniff").header("referrer-policy", "no-referrer");
    const origin = request.headers.origin;
    if (origin && cors.has(origin)) {
      reply.header("access-control-allow-origin", origin).header("vary", "Origin");
      if (request.method === "OPTIONS") {
        reply
          .header("access-control-allow-methods", "GET, POST")
          .header("access-control-allow-headers", "authorization, content-type")
          .header("access-control-max-age", "600")
          .code(204)
          .send();
        return reply;
      }
    }
    if (!tokenDigest) {
      // No token: a loopback server answers only requests addressed to a loopback name, and
      // never a browser's request from another origin.
      if (!o.allowAnyHost && !isLoopbackHost(hostName(request.headers.host))) {
        throw new HttpProblem(403, "FORBIDDEN", `the Host "${request.headers.host ?? ""}" is not this machine's loopback address; start the server with --token to serve other names`);
      }
      if (origin && !cors.has(origin) && origin !== `http://${request.headers.host}`) {
        throw new HttpProblem(403, "FORBIDDEN", `requests from ${origin} are not allowed (start the server with --cors ${origin} to allow them)`);
      }
      return;
    }
    // Deny by default: only the page, its assets, /healthz and /openapi.json are open. The
    // route matched decides, not the URL as written (`/%761/rules` is /v1/rules too).
    if (PUBLIC_ROUTES.has(request.routeOptions.url ?? "")) return;
    const m = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? "");
    if (!m || !timingSafeEqual(digest((m[1] as string).trim()), tokenDigest)) {
      reply.header("www-authenticate", 'Bearer realm="clausecheck"');
      throw new HttpProblem(401, "UNAUTHORIZED", m ? "the bearer token is wrong" : "send the token as Authorization: Bearer TOKEN");
    }
  });

  app.setErrorHandler((error: FastifyError | HttpProblem | Error, request, reply) => sendProblem(reply, request, toProblem(error)));
  app.setNotFoundHandler((request, reply) => sendProblem(reply, request, new HttpProblem(404, "NOT_FOUND", `no route ${request.method} ${request.url.split("?")[0]}`)));

  const ctx: ApiContext = { ruleSet: o.ruleSet, config: o.config, checks, playground, limits: { maxBytes: o.maxBytes, maxDocuments: o.maxDocuments, timeoutMs: o.timeoutMs } };
  apiRoutes(app, ctx);
  pageRoutes(app);
  const openapi = `${JSON.stringify(openApiDocument({ maxBytes: o.maxBytes, maxDocuments: o.maxDocuments, timeoutMs: o.timeoutMs, queueTimeoutMs: o.queueTimeoutMs, threads: o.jobs, queue: o.queue, auth: Boolean(o.token) }), null, 2)}\n`;
  app.get("/openapi.json", async (_request, reply) => reply.header("content-type", "application/json; charset=utf-8").send(openapi));
  app.get("/healthz", async (_request, reply) =>
    reply
      .header("content-type", "application/json; charset=utf-8")
      .header("cache-control", "no-store")
      .send(`${JSON.stringify({ status: "ok", version: VERSION, rules: o.ruleSet.rules.length, workers: { threads: o.jobs, ...checks.load(), queue: o.queue } })}\n`),
  );
  return app;
}

/** Any error as a problem: the server's own, fastify's and its multipart plugin's by their codes, a ClauseCheckError by its code. */
function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (isClauseCheckError(error)) return new HttpProblem(error.code === "USAGE" ? 400 : 422, error.code, error.toLine());
  const e = error as Partial<FastifyError> & { message?: string };
  const byCode: Record<string, [number, ApiErrorCode, string]> = {
    FST_ERR_CTP_BODY_TOO_LARGE: [413, "TOO_LARGE", "the request body is over the limit"],
    FST_REQ_FILE_TOO_LARGE: [413, "TOO_LARGE", "a document is over the limit"],
    FST_FILES_LIMIT: [413, "TOO_MANY_DOCUMENTS", "the request holds too many documents"],
    FST_PARTS_LIMIT: [413, "TOO_MANY_DOCUMENTS", "the request holds too many parts"],
    FST_FIELDS_LIMIT: [413, "TOO_MANY_DOCUMENTS", "the request holds too many fields"],
    FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, "UNSUPPORTED_TYPE", "unsupported content type"],
    FST_INVALID_MULTIPART_CONTENT_TYPE: [415, "UNSUPPORTED_TYPE", "the request is not multipart"],
  };
  const known = e.code ? byCode[e.code] : undefined;
  if (known) return new HttpProblem(known[0], known[1], known[2]);
  const status = typeof e.statusCode === "number" ? e.statusCode : 500;
  if (status >= 400 && status < 500) return new HttpProblem(status === 413 ? 413 : 400, status === 413 ? "TOO_LARGE" : "USAGE", `the request is malformed: ${e.message ?? "unknown problem"}`);
  return new HttpProblem(500, "INTERNAL", `internal error: ${e.message ?? String(error)} (please report it)`);
}

function sendProblem(reply: FastifyReply, request: FastifyRequest, p: HttpProblem): FastifyReply {
  if (p.retryAfter !== undefined) reply.header("retry-after", String(p.retryAfter));
  return reply
    .code(p.status)
    .header("content-type", "application/problem+json; charset=utf-8")
    .header("cache-control", "no-store")
    .send(`${JSON.stringify(p.body(request.url.split("?")[0] ?? request.url), null, 2)}\n`);
}
