import type { DocumentError, DocumentReport } from "../types.js";

/** What a job carries: the document's bytes, so that a worker on another machine needs no shared disk. */
export interface JobData {
  /** The document's name as given to `queue add` (reports name it so). */
  file: string;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  /** The fingerprint of the rule set it was added under (see rulesFingerprint). */
  fingerprint: string;
  /** The document's bytes, base64. */
  bytes: string;
}

/** What a worker stores under a document's key: its reports, or why it could not be read. */
export type StoredOutcome =
  | { ok: true; documents: DocumentReport[] }
  | { ok: false; error: DocumentError; /** The one line `check` prints for it: `file: message`. */ line: string };

/** How many attempts a job gets when checking fails for a reason that may pass (a crashed thread, Redis). */
export const JOB_ATTEMPTS = 3;

/** The first retry waits this long; each next one twice as long. */
export const RETRY_DELAY_MS = 1000;

/** How often a job may be found abandoned (its worker died) and handed to another before it fails. */
export const MAX_STALLED = 2;
