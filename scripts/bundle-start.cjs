// Starts a bundle of clausecheck with V8's code cache. `npm run build` copies this file to
// dist/bundle/cli.cjs (the command line) and dist/bundle/worker.cjs (the worker threads of
// `check --jobs`, the server and the queue); each runs the bundle beside it named after it
// (cli.bundle.cjs, worker.bundle.cjs) with the code cache the build wrote for it
// (cli.bundle.cjs.cache, worker.bundle.cjs.cache); see scripts/build-bundle.mjs.
//
// Why: Node 20 keeps no compiled code between runs of an ES module, so every cold start (and
// every worker thread) parsed and compiled clausecheck's code again before checking anything. A
// CommonJS bundle compiled through node:vm can be given the code V8 compiled in a run at build
// time (`cachedData`): V8 checks that the cache was made by the same V8, with the same flags,
// for a source of the same length, and otherwise ignores it (`cachedDataRejected`) and compiles
// as usual, so a stale or foreign cache costs time, never correctness.
//
// This is what Node's own CommonJS loader does with a file, with the cache added: the module
// wrapper and a `require` resolving from this folder (the npm packages left out of the bundle are
// found in node_modules as from any file of the package). What the bundle exports is this
// file's exports (the worker's task functions, for piscina). The bundle holds no import(): Node
// 20 gives code compiled from a cache no way to load an ES module.
"use strict";
const { readFileSync, renameSync, statSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { basename, join } = require("node:path");
const vm = require("node:vm");

const file = join(__dirname, basename(__filename).replace(/\.cjs$/, ".bundle.cjs"));
const cacheFile = `${file}.cache`;
/** Set only by the build's warm-up run (scripts/build-bundle.mjs), through a preloaded module. */
const writeCache = globalThis[Symbol.for("clausecheck.writeCodeCache")] === true;
let cachedData;
if (!writeCache) {
  try {
    // V8 knows the source the cache was made for only by its length: a cache older than the
    // bundle (a bundle rebuilt by hand, without its warm-up) is not offered at all.
    if (statSync(cacheFile).mtimeMs >= statSync(file).mtimeMs) cachedData = readFileSync(cacheFile);
  } catch {
    // No cache (not built, or removed): V8 compiles the bundle as it runs.
  }
}
// The build writes the bundle in ASCII and checks it (scripts/build-bundle.mjs), so reading it as
// Latin-1 gives the same string as UTF-8 without validating and decoding it: the 0.6 MB read
// 7.8 → 6.2 ms, and 190 fewer page faults per start (2-core machine, alternated runs).
const script = new vm.Script(Module.wrap(readFileSync(file, "latin1")), { filename: file, cachedData });
/** Writes the code compiled so far (the build's warm-up only); aside and renamed, as two worker threads may write at once. */
const save = () => {
  const aside = `${cacheFile}.${process.pid}.${require("node:worker_threads").threadId}`;
  writeFileSync(aside, script.createCachedData());
  renameSync(aside, cacheFile);
};
if (writeCache) process.on("exit", save);
const bundle = new Module(file, module);
bundle.filename = file;
bundle.paths = Module._nodeModulePaths(__dirname);
script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, __dirname);
module.exports = bundle.exports;
if (writeCache && typeof bundle.exports.default === "function") {
  // A worker thread is ended without an "exit" event: its cache is written after each task.
  const task = bundle.exports.default;
  module.exports = { __proto__: bundle.exports, default: (...args) => Promise.resolve(task(...args)).finally(save) };
}
