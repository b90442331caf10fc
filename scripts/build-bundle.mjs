// Bundles clausecheck's command line for a faster cold start, run by `npm run build` after tsc.
//
// What it makes, in dist/bundle/: cli.bundle.cjs, dist/cli.js and everything it imports in one
// CommonJS file; cli.bundle.cjs.cache, the code V8 compiled for it during one check of the seed
// agreement; cli.cjs, the start-up file (scripts/bundle-start.cjs) that runs the bundle with that
// code cache; and the same three for the worker threads (worker.cjs, from dist/batch/worker.js),
// which the bundled command line, server and queue worker start. bin/clausecheck, the package's
// command, runs dist/bundle/cli.cjs when it is up to date, else dist/cli.js; both give the same
// output (test/launcher.test.ts).
//
// Why: a cold `clausecheck check` spent most of its time before checking anything: Node's
// module loader finding, reading and linking some 80 files of dist/ and a dozen packages, and V8
// parsing and compiling them (Node 20 keeps no compiled code between runs of an ES module).
// Measured on the seed (2-core machine, Node 20, CPU time, medians of 15 alternated runs): the
// ES module files of dist/ 390 ms (wall); an ES module bundle of them (this script's first form)
// 340 ms; this CommonJS bundle with its code cache: see README "Speed".
//
// How: the npm packages a plain check needs (commander, json-rules-engine, ts-pattern, picocolors,
// lodash's pieces, the HTML parser) are bundled, so no module resolution is left on that path.
// Left outside, and required from node_modules wherever npm installed them: the packages that
// read files of their own or start threads (bullmq's scripts, piscina's worker), the large ones
// only one command or a user's own rule file loads (fastify, mammoth, yaml, ajv, regjsparser),
// and tinyglobby, whose ES build reads import.meta, which a CommonJS bundle lacks (the build
// stops on any bundled package that does). Each of them is a CommonJS package: the bundle holds
// no import(), which Node 20 does not give code compiled from a cache, so an ES-module-only
// package must be bundled. In clausecheck's own modules `import.meta.url` becomes the URL of the
// file it was bundled from, computed from the bundle's own folder (dist/bundle/ →
// dist/package-path.js), so paths made from it (the package's rules and schemas, the batch
// worker's file, the precompiled validators) are the same real files as without the bundle.
//
// esbuild is a development dependency: where it is missing the build makes no bundle and
// bin/clausecheck runs dist/cli.js, with the same results. CLAUSECHECK_BUNDLE=0 skips it. A
// failure to write the code cache leaves a bundle that compiles as it runs (slower, as correct).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const out = join(dist, "bundle");

/** Packages left outside the bundle (see above); everything else the CLI imports is bundled. */
const EXTERNAL = ["bullmq", "ioredis", "piscina", "fastify", "@fastify/*", "mammoth", "yaml", "ajv", "ajv-formats", "regjsparser", "tinyglobby"];

/** The bundles: the command line, and the worker threads it (and the server, and the queue) start. */
const BUNDLES = { cli: join(dist, "cli.js"), worker: join(dist, "batch", "worker.js") };

async function build() {
  rmSync(out, { recursive: true, force: true });
  if (process.env.CLAUSECHECK_BUNDLE === "0") return "not built (CLAUSECHECK_BUNDLE=0)";
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    return "not built (esbuild is not installed); bin/clausecheck runs dist/cli.js";
  }
  const sizes = [];
  for (const [name, entry] of Object.entries(BUNDLES)) {
    const bundle = join(out, `${name}.bundle.cjs`);
    await esbuild.build({ ...options(), entryPoints: [entry], outfile: bundle });
    // The module wrapper of bundle-start.cjs puts the bundle inside a function: no "#!" line there.
    let code = readFileSync(bundle, "utf8");
    if (code.startsWith("#!")) code = code.slice(code.indexOf("\n") + 1);
    // esbuild escapes what is not ASCII in strings, not in regular-expression literals and
    // comments: escaped there too (the same character to the engine), the file is ASCII, which
    // V8 reads into a string of one byte per character, about twice as fast as the 0.9 MB of
    // UTF-8 it was (measured: 7.8 ms → 3.3 ms to read it). A character after a backslash stays.
    code = code.replace(/(?<!\\)[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    // bundle-start.cjs reads the file as Latin-1, which is ASCII's bytes as they are: a character
    // left (one after a backslash) would be read as other characters, so no bundle is made.
    const stray = /[^\x00-\x7f]/.exec(code);
    if (stray) throw new Error(`${name}.bundle.cjs holds a character that is not ASCII (U+${stray[0].charCodeAt(0).toString(16).padStart(4, "0")}, at ${stray.index}): escape it in the source`);
    writeFileSync(bundle, code);
    copyFileSync(join(root, "scripts", "bundle-start.cjs"), join(out, `${name}.cjs`));
    sizes.push(`${name} ${(statSync(bundle).size / 1e6).toFixed(1)} MB`);
  }
  return `${relative(root, join(out, "cli.cjs"))} (${sizes.join(", ")})${writeCodeCaches()}`;
}

/** esbuild's options for either bundle. */
function options() {
  return {
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    external: EXTERNAL,
    // import() of a package left outside becomes require() (see above).
    supported: { "dynamic-import": false },
    // The command line's worker threads run the worker bundle (src/batch/run-batch.ts), from
    // the place of run-batch.js in dist/.
    define: { CLAUSECHECK_BUNDLED_WORKER: JSON.stringify("../bundle/worker.cjs") },
    // Without white space and with shorter syntax the file is a third smaller, and a cold start
    // reads it and makes it a string in proportion (about 9 ms a megabyte). Names are kept.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "error",
    // A bundled package that reads import.meta (tinyglobby's ES build does) would get an empty
    // object in a CommonJS bundle: stop the build, so that the package is left outside instead.
    logOverride: { "empty-import-meta": "error" },
    // The licence comments of the bundled packages, gathered at the end of the file.
    legalComments: "eof",
    banner: { js: 'var __clausecheckUrl = (p) => require("node:url").pathToFileURL(require("node:path").join(__dirname, p)).href;' },
    plugins: [
      {
        // commander loads node:child_process when it is loaded, for the one thing it needs it
        // for: running a subcommand that is a separate executable, which clausecheck never does.
        // Loading it (and the net, stream and dgram modules it pulls in) cost about 7 ms of a
        // cold start; in the bundle it is loaded when first used. Should commander change that
        // line, the bundle is made as it is, with a warning.
        name: "lazy-child-process",
        setup(b) {
          b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
            const text = readFileSync(args.path, "utf8");
            const eager = "const childProcess = require('node:child_process');";
            if (!text.includes(eager)) {
              console.warn("bundle: commander no longer loads node:child_process as expected; it is loaded with commander");
              return undefined;
            }
            return { contents: text.replace(eager, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"), loader: "js" };
          });
        },
      },
      {
        name: "own-location",
        setup(b) {
          b.onLoad({ filter: /\.js$/ }, (args) => {
            if (!args.path.startsWith(dist + "/") && !args.path.startsWith(dist + "\\")) return undefined;
            const text = readFileSync(args.path, "utf8");
            if (!text.includes("import.meta.url")) return undefined;
            // The bundle is in dist/bundle/, so the way back to the module's own file is fixed.
            const back = relative(out, args.path).split("\\").join("/");
            return { contents: text.replaceAll("import.meta.url", `__clausecheckUrl(${JSON.stringify(back)})`), loader: "js" };
          });
        },
      },
    ],
  };
}

/**
 * Runs the bundles with a preload telling bundle-start.cjs to write the code V8 compiled for
 * each (in an empty folder, so no config applies): a check of two copies of the seed agreement
 * on two worker threads (the worker bundle's cache), then a check of the seed alone in this
 * thread (the command line's; the first run's has the batch path, not the checking).
 */
function writeCodeCaches() {
  const cwd = mkdtempSync(join(tmpdir(), "clausecheck-code-cache-"));
  const caches = Object.keys(BUNDLES).map((name) => join(out, `${name}.bundle.cjs.cache`));
  try {
    const preload = join(cwd, "write-cache.cjs");
    writeFileSync(preload, 'globalThis[Symbol.for("clausecheck.writeCodeCache")] = true;\n');
    const seed = join(root, "samples", "valence-ridgeway-1999.txt");
    copyFileSync(seed, join(cwd, "copy.txt"));
    const env = { ...process.env, NO_COLOR: "1" };
    delete env.NODE_OPTIONS;
    for (const args of [["--jobs", "2", seed, "copy.txt"], [seed]]) {
      const r = spawnSync(process.execPath, ["--require", preload, join(out, "cli.cjs"), "check", "--quiet", ...args], { cwd, env, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`the warm-up check exited ${r.status}: ${(r.stderr || "").trim().split("\n").slice(-1)[0] ?? ""}`);
    }
    return `, code caches ${caches.map((c) => `${(statSync(c).size / 1e3).toFixed(0)} KB`).join(" and ")}`;
  } catch (e) {
    for (const c of caches) rmSync(c, { force: true });
    return `, no code cache (${e instanceof Error ? e.message : String(e)})`;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

try {
  console.log(`bundle: ${await build()}`);
} catch (e) {
  // A failure is a warning: without the bundle the CLI is as correct, only slower to start.
  rmSync(out, { recursive: true, force: true });
  console.warn(`bundle: not built: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
}
