// clausecheck's command line, started from its bundle with V8's code cache. `npm run build`
// copies this file to dist/bundle/cli.cjs, next to the bundle it runs (clausecheck.cjs) and the
// code cache the build wrote for it (clausecheck.cjs.cache); see scripts/build-bundle.mjs.
//
// Why: Node 20 keeps no compiled code between runs of an ES module, so every cold start parsed
// and compiled clausecheck's code again before checking anything. A CommonJS bundle compiled
// through node:vm can be given the code V8 compiled in a run at build time (`cachedData`):
// V8 checks that the cache was made by the same V8, with the same flags, for a source of the
// same length, and otherwise ignores it (`cachedDataRejected`) and compiles as usual, so a
// stale or foreign cache costs time, never correctness.
//
// This is what Node's own CommonJS loader does with a file, with the cache added: the module
// wrapper and a `require` resolving from this folder (the npm packages left out of the bundle are
// found in node_modules as from any file of the package). The bundle holds no import(): Node 20
// gives code compiled from a cache no way to load an ES module.
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { join } = require("node:path");
const vm = require("node:vm");

const file = join(__dirname, "clausecheck.cjs");
const cacheFile = `${file}.cache`;
/** Set only by the build's warm-up run (scripts/build-bundle.mjs), through a preloaded module. */
const writeCache = globalThis[Symbol.for("clausecheck.writeCodeCache")] === true;
let cachedData;
if (!writeCache) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache (not built, or removed): V8 compiles the bundle as it runs.
  }
}
const script = new vm.Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, cachedData });
if (writeCache) process.on("exit", () => writeFileSync(cacheFile, script.createCachedData()));
const bundle = new Module(file, module);
bundle.filename = file;
bundle.paths = Module._nodeModulePaths(__dirname);
script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, __dirname);
