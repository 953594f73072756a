import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * The text of a PDF as a person reads it off the paper: page by page, each
 * line of print on a line of its own. Read by Mozilla's PDF.js, not by the
 * browser that printed it.
 */
export async function pdfPages(path: string): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(path)), verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const { items } = await (await doc.getPage(n)).getTextContent();
      pages.push(items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** Whether a PDF being written is whole: its last lines are the end-of-file marker, written last. */
export function pdfWhole(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(-32)).toString('latin1').trimEnd().endsWith('%%EOF');
}
