// Tables that flow over pages: rows never split, the column header repeats at the top of every
// page the table reaches, and group bands (e.g. an ISO clause) stay with their first row.
import { colours, contentWidth, margin, type ReportCanvas } from "./canvas.js";
import { clip } from "./format.js";

export interface Column {
  header: string;
  /** share of the content width; shares are normalised */
  width: number;
  align?: "left" | "right" | "center";
}

export interface Cell {
  text: string;
  bold?: boolean;
  colour?: string;
  /** font size when smaller than the table's, e.g. for long identifiers */
  size?: number;
}

export type Row = { cells: (string | Cell)[] } | { band: string };

const fontSize = 8.5;
const padX = 4;
/** the room a cell's padding takes from its column's width */
export const cellPaddingX = 2 * padX;
const padY = 3.5;
const lineGap = 1;
/** the smallest type an e-mail address is shrunk to so that it stays on one line */
const minFitSize = 6.5;

/** Longest text of one cell; a row also never outgrows a page (see maxRowHeight). */
const maxCellChars = 1500;
const asCell = (c: string | Cell): Cell => {
  const cell = typeof c === "string" ? { text: c } : c;
  return { ...cell, text: clip(cell.text, maxCellChars) };
};

export function drawTable(canvas: ReportCanvas, columns: Column[], rows: Row[]): void {
  const doc = canvas.doc;
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * contentWidth);
  const xs = widths.map((_, i) => margin.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const lineHeight = (() => {
    canvas.regular(fontSize);
    return doc.currentLineHeight(true) + lineGap;
  })();

  const cellHeight = (cell: Cell, width: number): number => {
    if (cell.bold) canvas.bold(cell.size ?? fontSize);
    else canvas.regular(cell.size ?? fontSize);
    const inner = width - 2 * padX;
    // one-line cells are the common case: measuring the width is much cheaper than a layout
    if (!cell.text.includes("\n") && doc.widthOfString(cell.text) <= inner) return lineHeight;
    return doc.heightOfString(cell.text, { width: inner, lineGap });
  };

  /**
   * An e-mail address is one word to its reader: pdfkit would break one wider than its column at any letter
   * ("compliance@assay.lo|cal"). The cell's type shrinks until the widest address fits (down to minFitSize); an
   * address still too wide then breaks before its "@", never inside a name or a domain.
   */
  const fit = (cell: Cell, width: number): Cell => {
    const addresses = cell.text.split(/\s+/).filter((w) => w.includes("@"));
    if (addresses.length === 0) return cell;
    const inner = width - 2 * padX;
    const size = cell.size ?? fontSize;
    if (cell.bold) canvas.bold(size);
    else canvas.regular(size);
    const widest = Math.max(...addresses.map((w) => doc.widthOfString(w)));
    if (widest <= inner) return cell;
    const fitted = Math.max(minFitSize, Math.floor(((size * inner) / widest) * 4) / 4);
    if ((widest * fitted) / size <= inner) return { ...cell, size: fitted };
    const text = cell.text.replace(/\S+@\S+/g, (w) => ((doc.widthOfString(w) * fitted) / size > inner ? w.replace("@", "\n@") : w));
    return { ...cell, size: fitted, text };
  };

  const headerHeight = Math.max(...columns.map((c, i) => cellHeight({ text: c.header, bold: true }, widths[i]))) + 2 * padY;

  const drawHeader = () => {
    const y = doc.y;
    doc.rect(margin.left, y, contentWidth, headerHeight).fillColor(colours.accent).fill();
    columns.forEach((c, i) => {
      canvas.bold(fontSize, "#ffffff");
      doc.text(c.header, xs[i] + padX, y + padY, { width: widths[i] - 2 * padX, align: c.align ?? "left", lineGap });
    });
    doc.y = y + headerHeight;
  };

  const bandHeight = lineHeight + 2 * padY;
  // a row never outgrows a page: longer cells are cut with an ellipsis (the full text is in Assay)
  const maxRowHeight = canvas.bottom - margin.top - headerHeight - bandHeight;

  const firstRowHeight = (index: number): number => {
    const next = rows[index];
    if (!next || "band" in next) return 0;
    return Math.max(...next.cells.map((c, i) => cellHeight(fit(asCell(c), widths[i]), widths[i]))) + 2 * padY;
  };

  canvas.ensureSpace(headerHeight + bandHeight + firstRowHeight(0) + firstRowHeight(1));
  drawHeader();
  let stripe = false;
  rows.forEach((row, index) => {
    if ("band" in row) {
      if (doc.y + bandHeight + firstRowHeight(index + 1) > canvas.bottom) {
        canvas.newPage();
        drawHeader();
      }
      const y = doc.y;
      doc.rect(margin.left, y, contentWidth, bandHeight).fillColor(colours.band).fill();
      canvas.bold(fontSize, colours.accent);
      doc.text(row.band, margin.left + padX, y + padY, { width: contentWidth - 2 * padX, lineBreak: false, ellipsis: true });
      doc.y = y + bandHeight;
      stripe = false;
      return;
    }
    const cells = row.cells.map((c, i) => fit(asCell(c), widths[i]));
    const height = Math.min(maxRowHeight, Math.max(...cells.map((c, i) => cellHeight(c, widths[i]))) + 2 * padY);
    if (doc.y + height > canvas.bottom) {
      canvas.newPage();
      drawHeader();
    }
    const y = doc.y;
    if (stripe) doc.rect(margin.left, y, contentWidth, height).fillColor("#f7f8fa").fill();
    stripe = !stripe;
    cells.forEach((cell, i) => {
      if (cell.bold) canvas.bold(cell.size ?? fontSize, cell.colour ?? colours.text);
      else canvas.regular(cell.size ?? fontSize, cell.colour ?? colours.text);
      doc.text(cell.text, xs[i] + padX, y + padY, { width: widths[i] - 2 * padX, height: height - 2 * padY, ellipsis: true, align: columns[i].align ?? "left", lineGap });
    });
    doc.moveTo(margin.left, y + height).lineTo(margin.left + contentWidth, y + height).lineWidth(0.3).strokeColor(colours.rule).stroke();
    doc.y = y + height;
  });
  doc.x = margin.left;
  doc.y += 8;
  canvas.regular(10);
}
