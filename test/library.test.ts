/**
 * The package as a pipeline imports it: the built dist/index.js (what `import … from
 * "clausecheck"` loads). A firm's policy is given to loadConfig as a file or as an object of
 * the same shape, waivers are loaded and applied through the library, and every error's
 * message names its place, so a caller that prints only `e.message` still says where.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, repoRoot } from "./helpers/cli.js";
import { makeTmpDir, removeTmpDir } from "./helpers/tmp.js";

type Library = typeof import("../src/index.js");

let lib: Library;
let tmp: string;
beforeAll(async () => {
  ensureBuilt();
  lib = (await import(pathToFileURL(join(repoRoot, "dist", "index.js")).href)) as Library;
  tmp = makeTmpDir("library");
}, 120_000);
afterAll(() => removeTmpDir(tmp));

const SEED = join(repoRoot, "samples", "valence-ridgeway-1999.txt");
const DELAWARE = join(repoRoot, "samples", "valence-law-delaware.txt");

/** The error `run` throws (failing the test if it throws none). */
async function thrown(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error, none was thrown");
}

describe("loadConfig from dist/index.js", () => {
  const policy = {
    rules: ["bundled"],
    parameters: { "governing-law": { jurisdictions: ["new york"] } },
    waivers: [{ rule: "governing-law", document: "valence-law-delaware.txt", reason: "Delaware accepted for this deal", approvedBy: "J. Rivera" }],
  };

  it("takes an object shaped like clausecheck.config.yaml, and its waivers apply", async () => {
    const config = lib.loadConfig(policy, { baseDir: join(repoRoot, "samples") });
    expect(config.file).toBe("config");
    expect(config.waivers).toEqual([expect.objectContaining({ rule: "governing-law", source: "config#/waivers/0", baseDir: join(repoRoot, "samples") })]);
    const rules = lib.loadConfiguredRules(config);
    const law = rules.rules.find((r) => r.id === "governing-law");
    // Written "new york", in force as the name reports print.
    expect(law?.parameters.jurisdictions?.value).toEqual(["New York"]);

    const seed = await lib.checkAgreement(await lib.readDocument(SEED), rules);
    expect(seed.results.find((r) => r.ruleId === "governing-law")?.status).toBe("pass");
    const delaware = await lib.checkAgreement(await lib.readDocument(DELAWARE), rules);
    const used = lib.applyWaivers(delaware, config.waivers);
    const gap = delaware.results.find((r) => r.ruleId === "governing-law");
    expect(gap).toMatchObject({ status: "gap", reason: "deviating", waived: { reason: "Delaware accepted for this deal", approvedBy: "J. Rivera", source: "config#/waivers/0" } });
    expect(gap?.message).toMatch(/accepts: New York\.$/);
    expect(lib.unusedWaivers(config.waivers, used, [DELAWARE])).toEqual([]);
    // Checked alone, the seed is not a document the waiver names: nothing to report.
    expect(lib.unusedWaivers(config.waivers, new Set(), [SEED])).toEqual([]);
  });

  it("takes the same policy as a file, with the same rules in force", () => {
    const file = join(tmp, "clausecheck.config.yaml");
    writeFileSync(file, "rules: [bundled]\nparameters:\n  governing-law:\n    jurisdictions: [new york]\n");
    const config = lib.loadConfig(file);
    expect(config.file).toBe(file);
    expect(lib.findConfig(tmp)).toBe(file);
    const fromFile = lib.loadConfiguredRules(config).rules.find((r) => r.id === "governing-law");
    const fromObject = lib.loadConfiguredRules(lib.loadConfig({ parameters: policy.parameters })).rules.find((r) => r.id === "governing-law");
    expect(fromFile?.parameters).toEqual(fromObject?.parameters);
  });

  it("a mistake in a config object is a CONFIG error at its JSON pointer, named in the message", async () => {
    const e = await thrown(() => lib.loadConfig({ parameters: { "governing-law": { jurisdictions: ["New York"] } }, severty: {} } as never));
    expect(lib.isClauseCheckError(e)).toBe(true);
    expect(e).toBeInstanceOf(lib.ClauseCheckError);
    expect(e).toMatchObject({ code: "CONFIG", file: "config", pointer: "/severty" });
    expect((e as Error).message).toBe('unknown key "severty" (did you mean "severity"?): config#/severty');

    const name = await thrown(() => lib.loadConfiguredRules(lib.loadConfig({ parameters: { "exchange-listing": { exchanges: ["NYSE Amercan"] } } }, { name: "policy" })));
    expect(name).toMatchObject({ code: "CONFIG", file: "policy", pointer: "/parameters/exchange-listing/exchanges/0" });
    expect((name as Error).message).toMatch(/"NYSE Amercan".*did you mean "NYSE American".*: policy#\/parameters\/exchange-listing\/exchanges\/0$/);
  });

  it("an unreadable config file or document: the message carries the path", async () => {
    const config = await thrown(() => lib.loadConfig("deals/no-such-config.yaml"));
    expect(config).toMatchObject({ code: "ENOENT", file: "deals/no-such-config.yaml", reason: "no such config file" });
    expect((config as Error).message).toBe("no such config file: deals/no-such-config.yaml");

    const doc = await thrown(() => lib.readDocument("deals/x.txt"));
    expect(doc).toMatchObject({ code: "ENOENT", reason: "no such file" });
    expect((doc as Error).message).toBe("no such file: deals/x.txt");
    expect((doc as InstanceType<Library["ClauseCheckError"]>).toLine()).toBe("deals/x.txt: no such file");
  });

  it("a rule file's mistake: the message names the file, line and column", async () => {
    const dir = join(tmp, "rules");
    mkdirSync(dir);
    writeFileSync(join(dir, "listed.yaml"), "id: listed\ntitle: Listed\nseverity: eror\n");
    const e = await thrown(() => lib.loadRules(dir));
    expect((e as Error).message).toMatch(new RegExp(`: ${join(dir, "listed.yaml").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+$`));
  });
});

describe("sidecar waivers from dist/index.js", () => {
  it("sidecarWaivers reads deal.txt.waivers.yaml; applyWaivers marks the gap; unusedWaivers names only the documents checked", async () => {
    const deal = join(tmp, "deal.txt");
    copyFileSync(DELAWARE, deal);
    writeFileSync(`${deal}.waivers.yaml`, "waivers:\n  - rule: governing-law\n    reason: Delaware agreed\n  - rule: counterparts\n    reason: Signed in person\n");
    const waivers = lib.sidecarWaivers(deal);
    expect(waivers.map((w) => w.rule)).toEqual(["governing-law", "counterparts"]);
    const rules = lib.loadConfiguredRules(lib.loadConfig({ parameters: { "governing-law": { jurisdictions: ["New York"] } } }));
    const report = await lib.checkAgreement(await lib.readDocument(deal), rules);
    const used = lib.applyWaivers(report, waivers);
    expect(report.summary).toMatchObject({ waived: 1, errors: 0 });
    // The counterparts waiver names a document that was checked and had no such gap.
    expect(lib.unusedWaivers(waivers, used, [deal])).toEqual([expect.objectContaining({ rule: "counterparts", reason: "Signed in person" })]);
  });
});
