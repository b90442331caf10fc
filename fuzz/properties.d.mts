/** Types of fuzz/properties.mjs, for the property tests in test/fuzz/. */
import type fc from "fast-check";
export interface FuzzEnv {
  lib: Record<string, any>;
  rules: { rules: unknown[] };
  validateAgreement: ((data: unknown) => boolean) & { errors?: unknown };
  validateReport: ((data: unknown) => boolean) & { errors?: unknown };
  repoRoot: string;
  tmp: string;
}
export const TOKENS: string[];
export const ENCODINGS: string[];
export function mutationArb(f: typeof fc, options?: { maxEdits?: number; maxRun?: number }): fc.Arbitrary<unknown[]>;
export function applyEdits(text: string, edits: unknown[]): string;
export function encode(text: string, encoding: string): Buffer;
export function positionProblems(source: unknown, agreement: unknown, report: unknown): string[];
export function checkInputProperty(env: FuzzEnv, input: { file: string; text?: string; bytes?: Uint8Array; all?: boolean }): Promise<string[]>;
export function checkRuleTextProperty(env: FuzzEnv, root: string, name: string, text: string, seedSource?: unknown): Promise<string[]>;
export function nestedQuantifierArb(f: typeof fc): fc.Arbitrary<string>;
export function properties(f: typeof fc, env: FuzzEnv, sizes?: { maxRun?: number }): Record<string, fc.IAsyncPropertyWithHooks<any>>;
export function mutateZipDirectory(docx: Uint8Array, mutation: { delta?: number; duplicate?: number; rename?: { index: number; name: string }; cut?: number }): Buffer;
export const CONTROL_CHARACTERS: string[];
export function controlCharacterProblems(env: FuzzEnv, text: string, file: string): Promise<string[]>;
export function docxBytes(repoRoot: string): Buffer;
