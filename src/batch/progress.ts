/** A stream the progress bar may draw on: standard error, or a stand-in in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** A progress bar on one line of a terminal; on anything else, it draws nothing. */
export interface Progress {
  /** One more document is done. */
  tick(): void;
  /** Prints a line (an error) above the bar. */
  log(line: string): void;
  /** Removes the bar. */
  done(): void;
}

/** Fewer documents than this finish too soon for a bar to help. */
export const PROGRESS_MIN_DOCUMENTS = 10;

const NO_PROGRESS: Progress = { tick: () => undefined, log: () => undefined, done: () => undefined };

/**
 * A progress bar on `stream` when it is a terminal and there are at least PROGRESS_MIN_DOCUMENTS
 * documents; otherwise one that only passes `log` lines through. Redrawn at most every 100 ms.
 */
export function createProgress(total: number, stream: ProgressStream, options: { enabled?: boolean; now?: () => number } = {}): Progress {
  const passthrough: Progress = { ...NO_PROGRESS, log: (line) => void stream.write(`${line}\n`) };
  if (options.enabled === false || !stream.isTTY || total < PROGRESS_MIN_DOCUMENTS) return passthrough;
  const now = options.now ?? Date.now;
  const started = now();
  let done = 0;
  let drawnAt = Number.NEGATIVE_INFINITY;
  let shown = false;
  const line = () => {
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 40));
    const filled = Math.round((done / total) * width);
    const seconds = Math.round((now() - started) / 1000);
    const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} documents  ${clock}`;
  };
  const draw = (force: boolean) => {
    const t = now();
    if (!force && t - drawnAt < 100) return;
    drawnAt = t;
    shown = true;
    stream.write(`\r${line()}\u001b[K`);
  };
  const clear = () => {
    if (shown) stream.write("\r\u001b[K");
    shown = false;
  };
  draw(true);
  return {
    tick: () => {
      done++;
      draw(done === total);
    },
    log: (l) => {
      clear();
      stream.write(`${l}\n`);
      draw(true);
    },
    done: clear,
  };
}
