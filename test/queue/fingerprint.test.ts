/**
 * A rule set's fingerprint: the same for the same rules and config wherever they lie, different
 * when anything that changes a result changes (a rule file's bytes, a severity, a parameter, a
 * vocabulary entry, a rule left out).
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledRulesDir, loadRules } from "../../src/index.js";
import { loadConfig, loadConfiguredRules } from "../../src/config/load-config.js";
import { rulesFingerprint } from "../../src/queue/fingerprint.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

let tmp: string;
beforeAll(() => {
  tmp = makeTmpDir("fingerprint");
});
afterAll(() => removeTmpDir(tmp));

/** A copy of the bundled rules in a folder of its own. */
function copyRules(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(bundledRulesDir).filter((n) => n.endsWith(".yaml"))) copyFileSync(join(bundledRulesDir, f), join(dir, f));
  return dir;
}

/** The fingerprint of the rules a config file selects. */
function withConfig(name: string, yaml: string): string {
  const file = join(tmp, `${name}.yaml`);
  writeFileSync(file, yaml);
  return rulesFingerprint(loadConfiguredRules(loadConfig(file)));
}

describe("rulesFingerprint", () => {
  const bundled = () => rulesFingerprint(loadRules(bundledRulesDir));

  it("is a SHA-256, the same on every load and for a copy of the rules in another folder", () => {
    expect(bundled()).toMatch(/^[0-9a-f]{64}$/);
    expect(bundled()).toBe(bundled());
    expect(rulesFingerprint(loadRules(copyRules("copy")))).toBe(bundled());
    // A config that changes nothing: the same rule set.
    expect(withConfig("empty", "rules: [bundled]\n")).toBe(bundled());
  });

  it("changes with a rule file's bytes", () => {
    const dir = copyRules("edited");
    const file = join(dir, "governing-law.yaml");
    writeFileSync(file, `${readFileSync(file, "utf8")}\n# a lawyer's note\n`);
    expect(rulesFingerprint(loadRules(dir))).not.toBe(bundled());
  });

  it("changes with what a config changes: a severity, a parameter, a vocabulary entry, a rule disabled", () => {
    const seen = new Set([bundled()]);
    for (const [name, yaml] of [
      ["severity", "severity:\n  exchange-listing: warning\n"],
      ["parameter", "parameters:\n  governing-law:\n    jurisdictions: [New York]\n"],
      ["vocabulary", "vocabularies:\n  jurisdiction:\n    Sark: [Sark, Island of Sark]\n"],
      ["disable", "disable: [counterparts]\n"],
    ] as const) {
      const fp = withConfig(name, yaml);
      expect(seen.has(fp), name).toBe(false);
      seen.add(fp);
    }
  });

  it("does not change with a waiver: waivers apply when results are reported, not when documents are checked", () => {
    expect(withConfig("waiver", "waivers:\n  - rule: counterparts\n    document: deal.txt\n    reason: Signed in person.\n")).toBe(bundled());
  });
});
