/** expandInputs: files, folders (recursively, by extension), glob patterns and `-`, in command-line order. */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandInputs } from "../../src/index.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

let tmp: string;
beforeAll(() => {
  tmp = makeTmpDir("inputs");
  const files = [
    "deals/b.txt",
    "deals/a.TXT",
    "deals/2024/q1/c.htm",
    "deals/2024/d.docx",
    "deals/2024/e.html",
    "deals/notes.pdf",
    "deals/a.txt.waivers.yaml",
    "deals/.hidden.txt",
    "deals/.git/f.txt",
    "other/deal [final].txt",
    "other/x.txt",
  ];
  for (const f of files) {
    mkdirSync(join(tmp, f, ".."), { recursive: true });
    writeFileSync(join(tmp, f), "text");
  }
  mkdirSync(join(tmp, "empty"));
  symlinkSync(join(tmp, "deals"), join(tmp, "deals", "2024", "loop"));
});
afterAll(() => removeTmpDir(tmp));

const files = (inputs: Awaited<ReturnType<typeof expandInputs>>) => inputs.map((i) => (i.kind === "error" ? `error:${i.error.code}:${i.file}` : `${i.kind}:${i.file}`));

describe("expandInputs", () => {
  it("a folder: every .txt, .htm, .html, .docx under it, recursively, sorted; hidden entries, other files and link loops skipped", async () => {
    const d = join(tmp, "deals");
    expect(files(await expandInputs([d]))).toEqual([
      `file:${join(d, "2024/d.docx")}`,
      `file:${join(d, "2024/e.html")}`,
      `file:${join(d, "2024/q1/c.htm")}`,
      `file:${join(d, "a.TXT")}`,
      `file:${join(d, "b.txt")}`,
    ]);
  });

  it("a glob pattern: the matching agreement files, sorted", async () => {
    expect(files(await expandInputs([join(tmp, "deals/**/*.{docx,html}")]))).toEqual([`file:${join(tmp, "deals/2024/d.docx")}`, `file:${join(tmp, "deals/2024/e.html")}`]);
    expect(files(await expandInputs([join(tmp, "deals/*")]))).toEqual([`file:${join(tmp, "deals/a.TXT")}`, `file:${join(tmp, "deals/b.txt")}`]);
  });

  it("a path that exists is read as written, even with glob characters in it", async () => {
    const f = join(tmp, "other/deal [final].txt");
    expect(files(await expandInputs([f]))).toEqual([`file:${f}`]);
  });

  it("keeps the order of the arguments and checks a document named twice once", async () => {
    const x = join(tmp, "other/x.txt");
    const b = join(tmp, "deals/b.txt");
    expect(files(await expandInputs([x, b, x, join(tmp, "deals/*.txt")]))).toEqual([`file:${x}`, `file:${b}`]);
  });

  it("a missing file is passed on for the reader to report", async () => {
    expect(files(await expandInputs(["nowhere.txt"]))).toEqual(["file:nowhere.txt"]);
  });

  it("an empty folder and a pattern that matches nothing are errors of their own", async () => {
    expect(files(await expandInputs([join(tmp, "empty"), join(tmp, "*.nothing")]))).toEqual([`error:EISDIR:${join(tmp, "empty")}`, `error:ENOENT:${join(tmp, "*.nothing")}`]);
  });

  it("- is standard input, under --stdin-filename's name or <stdin>", async () => {
    expect(files(await expandInputs(["-"]))).toEqual(["stdin:<stdin>"]);
    expect(files(await expandInputs(["a.txt", "-"], { stdinName: "deal.docx" }))).toEqual(["file:a.txt", "stdin:deal.docx"]);
  });

  it("refuses - twice", async () => {
    await expect(expandInputs(["-", "-"])).rejects.toThrow(/only once/);
  });
});
