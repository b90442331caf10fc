// Time to read a .docx as the CLI does, the first read in a fresh process (issue 12: the XML parts
// read with htmlparser2 instead of regular expressions). `npm run build`, then
//
//   node bench/docx-read.mjs [FILE.docx …] [--scale MB]
//
// For each file (default: samples/*.docx), 5 fresh processes each time the reading of the parts
// docx-numbering.ts reads (openDocx + scanDocument) and the whole docxSource; the medians of CPU
// and wall time are printed. CPU time is the steadier figure on a shared machine. `--scale MB`
// adds a copy of samples/redrafted-purchase-agreement.docx whose body is repeated to about MB
// megabytes of document.xml. Run it on two builds to compare them; timings depend on the machine.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { unzip, zip } from "../test/helpers/zip.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist", "ingest");
if (!existsSync(join(dist, "docx.js"))) {
  console.error("bench/docx-read: dist/ is missing; run `npm run build` first");
  process.exit(1);
}
const RUNS = 5;

const args = process.argv.slice(2);
const scaleAt = args.indexOf("--scale");
const scale = scaleAt >= 0 ? Number(args.splice(scaleAt, 2)[1]) : undefined;
const files = args.length > 0 ? args : readdirSync(join(root, "samples")).filter((f) => f.endsWith(".docx")).map((f) => join(root, "samples", f));

const tmp = mkdtempSync(join(tmpdir(), "docx-read-"));
if (scale !== undefined && scale > 0) files.push(await scaled(scale));

/** One first read in a fresh process: [cpu ms, wall ms]. */
function firstRead(file, what) {
  const script = `
    import { readFileSync } from "node:fs";
    const { docxSource } = await import(${JSON.stringify(join(dist, "docx.js"))});
    const { openDocx } = await import(${JSON.stringify(join(dist, "docx-zip.js"))});
    const { scanDocument } = await import(${JSON.stringify(join(dist, "docx-numbering.js"))});
    const bytes = readFileSync(${JSON.stringify(file)});
    const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    const c = cpu(), t = performance.now();
    if (${JSON.stringify(what)} === "parts") scanDocument((await openDocx(bytes, "x.docx")).parts, []);
    else await docxSource(bytes, "x.docx");
    console.log(JSON.stringify([cpu() - c, performance.now() - t]));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bench/docx-read: ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const file of files) {
  const kb = (await documentXmlSize(file)) / 1024;
  for (const what of ["parts", "docxSource"]) {
    const runs = Array.from({ length: RUNS }, () => firstRead(file, what));
    const cpu = median(runs.map((r) => r[0]));
    const wall = median(runs.map((r) => r[1]));
    console.log(`${file} (document.xml ${kb.toFixed(0)} KB) ${what === "parts" ? "openDocx + scanDocument" : "docxSource"}: CPU ${cpu.toFixed(1)} ms, wall ${wall.toFixed(1)} ms (median of ${RUNS} fresh processes)`);
  }
}
rmSync(tmp, { recursive: true, force: true });

async function documentXmlSize(file) {
  const { openDocx } = await import(join(dist, "docx-zip.js"));
  return (await openDocx(readFileSync(file), file)).parts.document.length;
}

/** The redrafted sample with its body repeated to about `mb` megabytes of document.xml. */
async function scaled(mb) {
  const { openDocx } = await import(join(dist, "docx-zip.js"));
  const sample = join(root, "samples", "redrafted-purchase-agreement.docx");
  const bytes = readFileSync(sample);
  const xml = (await openDocx(bytes, sample)).parts.document;
  const start = xml.indexOf("<w:body>") + "<w:body>".length;
  const end = xml.lastIndexOf("<w:sectPr");
  const body = xml.slice(start, end);
  const big = xml.slice(0, start) + body.repeat(Math.ceil((mb * 1024 * 1024) / body.length)) + xml.slice(end);
  // The zip again, every entry as it was but document.xml.
  const entries = unzip(bytes).map((e) => (e.name === "word/document.xml" ? { name: e.name, data: Buffer.from(big) } : e));
  const out = join(tmp, `redrafted-${mb}MB.docx`);
  writeFileSync(out, zip(entries));
  return out;
}
