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
