// Writing CSV: the one cell, row and file writer every CSV download uses, RFC 4180 quoting, formula neutralising and a UTF-8 BOM.
export type CsvValue = string | number | null;

/**
 * Text a spreadsheet would run as a formula (OWASP, "CSV injection"): a cell starting with =, +, -, @, tab or CR.
 * Such text gets a leading single quote, which spreadsheets show as text and do not evaluate.
 */
const formulaTrigger = /^[=+\-@\t\r]/;

/**
 * One cell. Strings are data (a ticket category, a service name, a translated label) and are neutralised; numbers are
 * values we computed and are written as numbers, so a negative one stays "-1.5" and a spreadsheet can still sum it.
 * Numbers read from data as text must therefore be passed as strings, never converted to numbers to dodge the quote.
 */
export function csvCell(value: CsvValue): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = formulaTrigger.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 writes it. */
export function csvRow(values: CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/**
 * The byte-order mark every CSV download starts with: without it Excel (a Chinese Windows above all) reads the file
 * in the system's ANSI code page, and every Chinese label and service name comes out as mojibake.
 */
export const csvBom = "\uFEFF";

/** A whole CSV file: the BOM, then the rows (each from csvRow). */
export function csvDocument(rows: string[]): string {
  return csvBom + rows.join("");
}
