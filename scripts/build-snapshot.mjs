// Builds clausecheck's V8 start-up snapshot, run by `npm run build` after tsc and the validators.
//
// Why: most of a cold `clausecheck check` is Node loading and compiling some 80 modules and
// clausecheck loading its rules; both are the same on every run. A start-up snapshot (Node 20's
// `--build-snapshot`) holds the heap as it stands after that work, so a run starts where the
// last one began its real work (README "Speed", bench/run.mjs measures both ways).
//
// How: esbuild bundles dist/cli.js with every dependency into one CommonJS file (a snapshot may
// load nothing from disk while it is built), the precompiled validators included; running it
// under --build-snapshot loads the bundled rules and vocabularies, and the snapshot runs the
// command line when it starts. `bin/clausecheck` uses the snapshot only when it was built in
// this folder, by the same node binary, and no file of dist/, rules/, vocabularies/ or
// schemas/ is newer than it; otherwise it runs dist/cli.js, as `node dist/cli.js` always does.
//
// A failure here is a warning, not a failed build: without a snapshot the CLI is as correct.
//
// Opt-in (CLAUSECHECK_SNAPSHOT=1 npm run build): measured on an idle machine after the
// review desk, the diff and the queue code joined the bundle, restoring the snapshot costs
// as much as loading the modules does (bin/clausecheck on the seed 415 ms, node dist/cli.js
// 409 ms, node -e 0 113 ms; `--version` 300 ms from the snapshot against 250 ms without),
// whereas with the earlier, smaller CLI it saved about a quarter of a cold start. Until the
// restore cost is understood the default build makes none and bin/clausecheck runs dist/cli.js.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const bundle = join(dist, "clausecheck-snapshot.cjs");
const blob = join(dist, "clausecheck.blob");
const idFile = `${blob}.id`;

/** The identity bin/clausecheck compares: this folder and the node binary (size, mtime in seconds). */
export function snapshotId(nodePath = process.execPath) {
  const s = statSync(nodePath);
  return `${root} ${s.size} ${Math.floor(s.mtimeMs / 1000)}`;
}

function clean() {
  for (const f of [bundle, blob, idFile]) rmSync(f, { force: true });
}

async function build() {
  clean();
  if (process.env.CLAUSECHECK_SNAPSHOT !== "1") return "not built (opt-in: CLAUSECHECK_SNAPSHOT=1 npm run build)";
  const { build: esbuild } = await import("esbuild");
  const validators = ["rule", "config", "sidecar", "vocabulary"];
  const entry = [
    `import { startupSnapshot } from "node:v8";`,
    `import { usePrecompiledValidators } from "./validators.js";`,
    ...validators.map((v) => `import ${v} from "./validators/${v}.cjs";`),
    `import { runProcess } from "./cli.js";`,
    `import { prepareRules } from "./rules/load-rules.js";`,
    `import { packagePath } from "./package-path.js";`,
    `usePrecompiledValidators({ ${validators.join(", ")} });`,
    // The bundled rules, compiled, with the vocabularies they use: what every default run loads first.
    `const rules = prepareRules(packagePath("rules"));`,
    // One check of the seed agreement: the lazily built tables (vocabulary look-ups, the anchor
    // scan) are then in the snapshot too. Its result is dropped.
    `import { checkAgreement } from "./check/check-agreement.js";`,
    `import { sourceFromText } from "./ingest/read-document.js";`,
    `import { readFileSync } from "node:fs";`,
    `if (process.env.CLAUSECHECK_SNAPSHOT_WARM !== "0") void checkAgreement(sourceFromText(readFileSync(packagePath("samples", "valence-ridgeway-1999.txt"), "utf8"), "warm-up.txt"), rules);`,
    // Worker threads started from a restored process fail if node:worker_threads was loaded
    // while the snapshot was built (its shared buffer for the working folder is not kept).
    `if (process.moduleLoadList.includes("NativeModule worker_threads")) throw new Error("node:worker_threads was loaded while the snapshot was built; load it only when a pool is made");`,
    `startupSnapshot.setDeserializeMainFunction(() => { void runProcess(); });`,
  ].join("\n");
  await esbuild({
    stdin: { contents: entry, resolveDir: dist, sourcefile: "snapshot-entry.js", loader: "js" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile: bundle,
    logLevel: "error",
    legalComments: "none",
    plugins: [
      {
        // Each module keeps its own location (import.meta.url, __dirname, __filename: the file
        // it was bundled from), so that paths computed from it are real files: packagePath,
        // the batch worker's file, piscina's own worker script.
        name: "own-location",
        setup(b) {
          b.onLoad({ filter: /\.(?:m?js|cjs)$/ }, (args) => {
            let text = readFileSync(args.path, "utf8");
            const meta = text.includes("import.meta.url");
            const cjs = /\b__(?:dirname|filename)\b/.test(text);
            if (!meta && !cjs) return undefined;
            if (meta) text = text.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href));
            if (cjs) text = `var __filename = ${JSON.stringify(args.path)}, __dirname = ${JSON.stringify(dirname(args.path))};\n${text}`;
            return { contents: text, loader: "js" };
          });
        },
      },
    ],
  });
  // The identity first: bin/clausecheck uses the blob only if nothing is newer than it.
  writeFileSync(idFile, `${snapshotId()}\n`);
  const r = spawnSync(process.execPath, ["--snapshot-blob", blob, "--build-snapshot", bundle], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`node --build-snapshot exited ${r.status}: ${(r.stderr || "").trim().split("\n").slice(-3).join(" / ")}`);
  return `${relative(root, blob)} (${(statSync(blob).size / 1e6).toFixed(1)} MB)`;
}

try {
  const what = await build();
  console.log(`start-up snapshot: ${what}`);
} catch (e) {
  clean();
  console.warn(`warning: no start-up snapshot (${e.message}); bin/clausecheck runs dist/cli.js without one`);
}
