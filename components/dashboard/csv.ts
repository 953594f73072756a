import Papa from 'papaparse';

export type Cell = string | number | null;

/**
 * A table as CSV text. Cells that a spreadsheet would run as a formula
 * (=, +, -, @ at the start) are quoted with a leading apostrophe: account names
 * come from CRM pages and imports.
 */
export function tableToCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return Papa.unparse({ fields: [...header], data: rows.map((r) => r.map((c) => (c === null ? '' : c))) }, { escapeFormulae: true });
}

/** Saves text as a file the person asked for. */
export function downloadText(doc: Document, filename: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  doc.body.append(a);
  a.click();
  a.remove();
  // Revoked after the click has been handled; revoking at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
