import { ClauseCheckError } from "../errors.js";
import { type ServerOptions, createServer, isLoopbackHost } from "./server.js";
import { plural } from "../plural.js";

/** `clausecheck serve`'s options, once parsed. */
export interface ServeCommandOptions extends Omit<ServerOptions, "allowAnyHost"> {
  host: string;
  port: number;
  insecureNoAuth?: boolean;
}

/** The URL a browser opens for an address the server listens on. */
export function serverUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}/`;
}

/**
 * Starts the review desk and its API, prints its URL on standard output (the first line, so
 * `--port 0` can be read by a script) and serves until SIGINT or SIGTERM; then stops taking
 * requests, lets those under way finish and returns. Refuses a non-loopback address without
 * --token or --insecure-no-auth.
 */
export async function serve(o: ServeCommandOptions, log: (line: string) => void): Promise<void> {
  if (!isLoopbackHost(o.host) && !o.token && !o.insecureNoAuth) {
    throw new ClauseCheckError("USAGE", `listening on ${o.host} exposes the API to other machines: give --token (or CLAUSECHECK_TOKEN), or --insecure-no-auth to serve it without one`);
  }
  const app = await createServer({ ...o, allowAnyHost: Boolean(o.insecureNoAuth) });
  let port: number;
  try {
    await app.listen({ host: o.host, port: o.port });
    const address = app.server.address();
    port = typeof address === "object" && address ? address.port : o.port;
  } catch (e) {
    await app.close();
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EADDRINUSE" ? "the port is in use (--port 0 picks a free one)" : code === "EACCES" ? "permission denied" : code === "EADDRNOTAVAIL" ? "no such address on this machine" : (e as Error).message;
    throw new ClauseCheckError("USAGE", `cannot listen on ${o.host}:${o.port}: ${why}`);
  }
  process.stdout.write(`${serverUrl(o.host, port)}\n`);
  log(
    `clausecheck serve: ${o.ruleSet.rules.length} rules, ${plural(o.jobs, "worker")} (${o.queue} may wait), ${o.timeoutMs / 1000} s a request, ${o.token ? "bearer token required" : "no token"}${o.cors?.length ? `, CORS for ${o.cors.join(", ")}` : ""}; Ctrl-C stops it`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await app.close();
}
