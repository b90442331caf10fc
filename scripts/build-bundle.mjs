// Bundles clausecheck's own modules for a faster cold start, run by `npm run build` after tsc.
//
// Why: a cold `clausecheck check` spends much of its time in Node's module loader finding,
// reading and linking some 80 files of dist/. esbuild joins them into a few files in
// dist/bundle/: the command line and what every command needs in one file, and each command's
// own modules (serve, diff, queue, the .docx reader, …) in chunks loaded only by that command,
// as dist/cli.js loads them. Measured on the seed (idle 2-core machine, node 20, 15 runs
// alternated, medians): node dist/cli.js 390 ms, node dist/bundle/cli.js 340 ms, node -e 0
// 100 ms. bin/clausecheck, the package's command, runs the bundle when it is up to date.
//
// How: the npm packages stay outside (imported from node_modules as before), so the bundle
// works wherever the package is installed, however npm lays out node_modules. In clausecheck's
// own modules `import.meta.url` becomes the URL of the file it was bundled from, computed from
// the chunk's own location (dist/bundle/x.js → dist/package-path.js), so paths made from it
// (the package's rules and schemas, the batch worker's file, the precompiled validators) are
// the same real files as without the bundle.
//
// esbuild is a development dependency: where it is missing the build makes no bundle and
// bin/clausecheck runs dist/cli.js, with the same results. CLAUSECHECK_BUNDLE=0 skips it.
import { readFileSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const out = join(dist, "bundle");

async function build() {
  rmSync(out, { recursive: true, force: true });
  if (process.env.CLAUSECHECK_BUNDLE === "0") return "not built (CLAUSECHECK_BUNDLE=0)";
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    return "not built (esbuild is not installed); bin/clausecheck runs dist/cli.js";
  }
  await esbuild.build({
    entryPoints: { cli: join(dist, "cli.js") },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    outdir: out,
    logLevel: "error",
    legalComments: "none",
    plugins: [
      {
        name: "own-location",
        setup(b) {
          b.onLoad({ filter: /\.js$/ }, (args) => {
            const text = readFileSync(args.path, "utf8");
            if (!text.includes("import.meta.url")) return undefined;
            // Every chunk is in dist/bundle/, so the way back to the module's own file is fixed.
            const back = relative(out, args.path).split("\\").join("/");
            return { contents: text.replaceAll("import.meta.url", `new URL(${JSON.stringify(back)}, import.meta.url).href`), loader: "js" };
          });
        },
      },
    ],
  });
  return `${relative(root, out)}/cli.js`;
}

try {
  console.log(`bundle: ${await build()}`);
} catch (e) {
  // A failure is a warning: without the bundle the CLI is as correct, only slower to start.
  rmSync(out, { recursive: true, force: true });
  console.warn(`bundle: not built: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
}
