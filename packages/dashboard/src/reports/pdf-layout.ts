// Layout helpers over pdfkit: headings, paragraphs, monospace blocks and ruled tables that break across pages.
// pdfkit's standard fonts (Helvetica, Courier) need no font file and use WinAnsi encoding, so text is mapped to
// that character set first: a character it lacks would otherwise print as nothing.
import type PDFDocument from 'pdfkit';

type Doc = InstanceType<typeof PDFDocument>;

const WIN_ANSI_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '‖': '||',
  '≥': '>=',
  '≤': '<=',
  '→': '->',
  '←': '<-',
  '✓': 'v',
  '✗': 'x',
  '\u00a0': ' ',
};

/**
 * `text` in the WinAnsi character set of the standard PDF fonts: a few symbols spelled out, others as `?`.
 *
 * @example toWinAnsi('SHA-256(0x00 ‖ bytes) ≥ 6 months') === 'SHA-256(0x00 || bytes) >= 6 months'
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (REPLACEMENTS[ch] !== undefined) out += REPLACEMENTS[ch];
    else if (
      ch === '\n' ||
      ch === '\t' ||
      (code >= 0x20 && code < 0x7f) ||
      (code >= 0xa0 && code <= 0xff) ||
      WIN_ANSI_EXTRAS.includes(ch)
    )
      out += ch;
    else out += '?';
  }
  return out;
}

/** The usable width of a page. */
export function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** A heading of level 1 or 2. */
export function heading(doc: Doc, text: string, level: 1 | 2 = 2): void {
  doc.moveDown(level === 1 ? 0 : 0.6);
  doc
    .font('Helvetica-Bold')
    .fontSize(level === 1 ? 18 : 13)
    .fillColor('#000000')
    .text(toWinAnsi(text), { width: contentWidth(doc) });
  doc.moveDown(0.3);
}

/** A paragraph of body text. */
export function paragraph(doc: Doc, text: string, options: { bold?: boolean; size?: number } = {}): void {
  doc
    .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(options.size ?? 10)
    .fillColor('#000000');
  doc.text(toWinAnsi(text), doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.4);
}

/** Monospace lines, e.g. a checkpoint or commands; wrapped, never clipped. */
export function codeBlock(doc: Doc, text: string): void {
  doc.font('Courier').fontSize(8.5).fillColor('#000000');
  doc.text(toWinAnsi(text), doc.page.margins.left + 8, doc.y, { width: contentWidth(doc) - 16 });
  doc.x = doc.page.margins.left;
  doc.moveDown(0.5);
}

/** A ruled table with a header row repeated on each page; `widths` are fractions of the content width. */
export function table(
  doc: Doc,
  options: {
    headers: readonly string[];
    rows: readonly (readonly string[])[];
    widths: readonly number[];
    mono?: readonly boolean[];
  },
): void {
  const left = doc.page.margins.left;
  const widths = options.widths.map((w) => w * contentWidth(doc));
  const pad = 3;
  const drawRow = (cells: readonly string[], header: boolean) => {
    const fontOf = (i: number) => (header ? 'Helvetica-Bold' : options.mono?.[i] ? 'Courier' : 'Helvetica');
    const heights = cells.map((c, i) =>
      doc
        .font(fontOf(i))
        .fontSize(8.5)
        .heightOfString(toWinAnsi(c), { width: widths[i]! - 2 * pad }),
    );
    const height = Math.max(...heights) + 2 * pad;
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      if (!header) drawRow(options.headers, true);
    }
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      if (header) doc.rect(x, y, widths[i]!, height).fill('#eeeeee');
      doc.rect(x, y, widths[i]!, height).lineWidth(0.5).stroke('#999999');
      doc
        .font(fontOf(i))
        .fontSize(8.5)
        .fillColor('#000000')
        .text(toWinAnsi(c), x + pad, y + pad, { width: widths[i]! - 2 * pad });
      x += widths[i]!;
    });
    doc.x = left;
    doc.y = y + height;
  };
  drawRow(options.headers, true);
  for (const row of options.rows) drawRow(row, false);
  doc.moveDown(0.6);
}
