/**
 * Reads where things landed in a PDF that Chromium printed (`page.pdf()`): the page order and
 * the named destinations it writes for every element id that a link points to. Enough to
 * assert page breaks without a PDF library: Chromium (Skia) writes the page tree and the
 * /Dests dictionary as plain, uncompressed objects.
 */

/** Where a named destination stands: its page (from 0) and its height on that page (PDF points, from the bottom). */
export interface Destination {
  page: number;
  y: number;
}

/** The pages of a printed PDF, their height, and the named destinations by name. */
export interface PrintedPdf {
  pages: number;
  /** Height of the first page, in points. */
  pageHeight: number;
  destinations: Map<string, Destination>;
}

/** Parses the page tree and /Dests of a PDF printed by Chromium. */
export function printedPdf(pdf: Uint8Array): PrintedPdf {
  const text = Buffer.from(pdf).toString("latin1");
  const objects = new Map<number, string>();
  for (const m of text.matchAll(/(?:^|\s)(\d+) 0 obj\b([\s\S]*?)\bendobj/g)) objects.set(Number(m[1]), m[2] as string);
  const ref = (dict: string, key: string) => {
    const m = new RegExp(`/${key} (\\d+) 0 R`).exec(dict);
    return m ? Number(m[1]) : undefined;
  };
  const root = ref(text.slice(text.lastIndexOf("trailer")), "Root") ?? ref(text, "Root");
  const catalog = objects.get(root ?? -1);
  if (!catalog) throw new Error("no catalog in the PDF");
  const order: number[] = [];
  const walk = (id: number) => {
    const node = objects.get(id) ?? "";
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node);
    if (kids) for (const k of (kids[1] as string).matchAll(/(\d+) 0 R/g)) walk(Number(k[1]));
    else if (/\/Type\s*\/Page\b/.test(node)) order.push(id);
  };
  walk(ref(catalog, "Pages") ?? -1);
  const box = /\/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+[\d.]+\s+([\d.]+)\s*\]/.exec(objects.get(order[0] ?? -1) ?? "");
  const destinations = new Map<string, Destination>();
  const dests = objects.get(ref(catalog, "Dests") ?? -1) ?? "";
  for (const m of dests.matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+) 0 R\s*\/XYZ\s+[-\d.]+\s+([-\d.]+)/g)) {
    destinations.set(m[1] as string, { page: order.indexOf(Number(m[2])), y: Number(m[3]) });
  }
  return { pages: order.length, pageHeight: Number(box?.[1] ?? 0), destinations };
}
