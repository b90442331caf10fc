import { type WriteStream, createWriteStream } from "node:fs";
import { rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ClauseCheckError } from "../errors.js";

/** Where a report goes, written piece by piece (one JSON line per document) or at once. */
export interface ReportSink {
  write(text: string): Promise<void>;
  /** Finishes the report: for a file, renames the temporary file into place. */
  close(): Promise<void>;
  /** Gives up: for a file, removes the temporary file and leaves any earlier report as it was. */
  abort(): Promise<void>;
}

/**
 * Standard output, or a file written atomically: the report goes to a temporary file next to
 * it, renamed into place by `close`, so an interrupted run never leaves half a report.
 */
export function openReportSink(output: string | undefined): ReportSink {
  return output ? fileSink(output) : stdoutSink();
}

function stdoutSink(): ReportSink {
  return {
    write: (text) =>
      new Promise((resolve) => {
        // Wait for a slow reader (`| less`) rather than buffering every document in memory.
        if (process.stdout.write(text)) resolve();
        else process.stdout.once("drain", () => resolve());
      }),
    close: async () => undefined,
    abort: async () => undefined,
  };
}

function fileSink(output: string): ReportSink {
  const tmp = join(dirname(output), `.${basename(output)}.${process.pid}.tmp`);
  const failure = (e: unknown) => new ClauseCheckError("EREAD", `cannot write the report (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file: output });
  let stream: WriteStream | undefined;
  let error: unknown;
  const open = () => {
    if (stream) return stream;
    stream = createWriteStream(tmp);
    stream.on("error", (e) => {
      error ??= e;
    });
    return stream;
  };
  const end = () =>
    new Promise<void>((resolve) => {
      if (!stream || stream.closed) return resolve();
      stream.end(() => resolve());
      stream.once("error", () => resolve());
    });
  const abort = async () => {
    await end();
    await unlink(tmp).catch(() => undefined);
  };
  return {
    write: (text) =>
      new Promise((resolve, reject) => {
        const s = open();
        if (error) return reject(failure(error));
        s.write(text, (e) => (e ? reject(failure(e)) : resolve()));
      }),
    close: async () => {
      open();
      await end();
      if (!error) {
        try {
          await rename(tmp, output);
          return;
        } catch (e) {
          error = e;
        }
      }
      await unlink(tmp).catch(() => undefined);
      throw failure(error);
    },
    abort,
  };
}
