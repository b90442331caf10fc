/** Types of fuzz/shapes.mjs, for the tests (strict TypeScript). */

/** A full EDGAR submission of about `bytes` characters: a long 10-K body, then `exhibits` tiny agreement exhibits. */
export function edgarSubmission(exhibits: number, options?: { bytes?: number }): string;

/** Patterns with a quantified group whose body matches a run in several ways next to a quantified item: to be refused. */
export const NESTED_QUANTIFIER_PATTERNS: string[];
