/**
 * `check` pays nothing for the queue: bullmq and ioredis are loaded only by the queue commands.
 * A loader hook records every module of theirs that a run resolves (ES modules) or requires
 * (CommonJS); the same hook sees them when a queue command runs, so it can tell.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED, cleanEnv, cliPath, ensureBuilt, repoRoot } from "../helpers/cli.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

let tmp: string;
let preload: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("startup");
  const hooks = join(tmp, "hooks.mjs");
  writeFileSync(
    hooks,
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (/node_modules\\/(bullmq|ioredis)\\//.test(r.url)) appendFileSync(process.env.QUEUE_MODULES_LOG, r.url + "\\n");
  return r;
}
`,
  );
  preload = join(tmp, "preload.mjs");
  writeFileSync(
    preload,
    `import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
register(${JSON.stringify(pathToFileURL(hooks).href)});
const require = createRequire(import.meta.url);
process.on("exit", () => {
  for (const k of Object.keys(require.cache)) if (/node_modules\\/(bullmq|ioredis)\\//.test(k)) appendFileSync(process.env.QUEUE_MODULES_LOG, k + "\\n");
});
`,
  );
}, 120_000);
afterAll(() => removeTmpDir(tmp));

/** The bullmq and ioredis modules a CLI run loaded. */
function queueModulesLoadedBy(args: string[], log: string): string[] {
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(preload).href, cliPath, ...args], {
    cwd: repoRoot,
    env: { ...cleanEnv(), QUEUE_MODULES_LOG: log },
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(r.error).toBeUndefined();
  return existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : [];
}

describe("start-up cost of check", () => {
  it("check, on one file and on a folder, loads neither bullmq nor ioredis", () => {
    expect(queueModulesLoadedBy(["check", SEED], join(tmp, "one.log"))).toEqual([]);
    expect(queueModulesLoadedBy(["check", "--format", "json", "samples"], join(tmp, "folder.log"))).toEqual([]);
  });

  it("a queue command does load them (the hook sees them)", () => {
    const loaded = queueModulesLoadedBy(["queue", "status", "--redis", "redis://127.0.0.1:1"], join(tmp, "queue.log"));
    expect(loaded.some((u) => u.includes("/node_modules/ioredis/"))).toBe(true);
  });
});
