import { configDefaults, defineConfig } from "vitest/config";

/**
 * Test files that replace a module with `vi.mock`: each runs in a fresh process of its own, so
 * the mock never reaches another file, nor another file's copy of the module this one. A file
 * that mocks a module must be listed here (test/vitest-config.test.ts fails otherwise).
 */
export const ISOLATED = ["test/hostile/folder-walk.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    pool: "forks",
    // Vitest's default in a run is one worker fewer than the cores: one worker on this 2-core
    // machine, every file in turn. Most of the suite waits on the CLI processes it spawns, so
    // two files at once use both cores (the tests use their own temporary folders and ports).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...ISOLATED],
          // Files run one after another in a worker keep the modules they imported (src/,
          // vitest's own, ajv and the rules' validators): a fresh process per file spent ~40 s
          // of the 2-core machine importing the same modules again (240 s against 278 s for the
          // whole suite). No file of this project changes a module another file imports;
          // module-level caches (loaded vocabularies, anchor scans) give the same answers
          // whichever file filled them.
          isolate: false,
        },
      },
      { extends: true, test: { name: "isolated", include: ISOLATED, isolate: true } },
    ],
  },
});
