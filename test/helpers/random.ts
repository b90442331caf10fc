/** Helpers for tests that compare a shortcut with the plain way on many generated texts. */

/** xorshift32 from a seed: a plain LCG in floating point falls into short cycles. */
export function xorshift(seed: number): () => number {
  let state = seed | 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}

/** src/rules/vocabulary.ts's name token, as the tests' reference walks read it. */
export const NAME_TOKEN = /[a-z0-9\u00c0-\u024f&][a-z0-9\u00c0-\u024f&.'’/‐‑–—-]{0,40}/gi;
