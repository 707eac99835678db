// The period report as PDF, made with pdfkit (pure JavaScript: `cairn report` needs no browser). Each part starts
// on a new page, so a reader (and the test) finds it where the outline says.
import { once } from 'node:events';
import PDFDocument from 'pdfkit';
import { longDate } from './plain-language.js';
import type { EvidenceReport } from './evidence-report.js';
import { countTables, periodText, rangeText } from './evidence-report.js';
import { codeBlock, heading, paragraph, table, toWinAnsi } from './pdf-layout.js';
import { REQUIREMENT_MAP, REQUIREMENT_NOTES } from './requirements.js';
import { BUNDLE_LIMITS, VERIFY_STEPS } from './verify-steps.js';

type Doc = InstanceType<typeof PDFDocument>;

/** The PDF and where each part starts (1-based page numbers). */
export type EvidencePdf = {
  readonly pdf: Uint8Array;
  readonly pages: number;
  readonly sections: readonly { readonly title: string; readonly page: number }[];
};

/** The parts of the report, in order; each starts a page. */
export const PDF_SECTIONS = [
  'Summary and counts',
  'Checkpoint and verifier keys',
  'How to verify',
  'Requirements the record serves',
  'Files of the bundle',
] as const;

function summary(doc: Doc, report: EvidenceReport): void {
  const { range, verification } = report;
  heading(doc, `Evidence pack for ${report.origin}`, 1);
  paragraph(
    doc,
    `Period ${longDate(report.period.from)} to ${longDate(report.period.to)}. Generated ${longDate(report.generatedAt)}.`,
  );
  paragraph(
    doc,
    `The bundle holds ${rangeText(range)}, verified against the checkpoint of tree size ${report.treeSize} (${report.checkpointFile}), with ${report.counts.checkpoints} checkpoints and ${report.verifierKeys.length} verifier keys. ${periodText(report)}`,
  );
  paragraph(
    doc,
    `Verified when generated: ${verification.ok ? 'yes' : 'NO'} (${verification.entriesChecked} entries, ${verification.checkpointsChecked} checkpoints checked).`,
    { bold: true },
  );
  for (const p of verification.problems.slice(0, 20)) paragraph(doc, `- ${p.message}`);
  heading(doc, 'Counts');
  for (const [title, rows] of countTables(report)) {
    if (rows.length === 0) continue;
    table(doc, {
      headers: [title, 'Count'],
      rows: rows.map(([k, v]) => [k, String(v)]),
      widths: [0.75, 0.25],
    });
  }
}

function checkpointAndKeys(doc: Doc, report: EvidenceReport): void {
  paragraph(
    doc,
    `The bundle is verified against ${report.checkpointFile}, signed as follows (C2SP signed note):`,
  );
  codeBlock(doc, report.checkpointNote);
  heading(doc, 'Verifier keys');
  table(doc, {
    headers: ['Name', 'Key id', 'Verifier key'],
    rows: report.verifierKeys.map((k) => [k.name, k.keyId, k.key]),
    widths: [0.25, 0.13, 0.62],
    mono: [false, true, true],
  });
}

function howToVerify(doc: Doc): void {
  for (const step of VERIFY_STEPS) {
    heading(doc, step.title);
    paragraph(doc, step.text);
    codeBlock(doc, step.commands.join('\n'));
  }
  paragraph(doc, BUNDLE_LIMITS);
}

function requirements(doc: Doc): void {
  table(doc, {
    headers: ['Provision', 'What it asks', 'Record fields'],
    rows: REQUIREMENT_MAP.map((r) => [r.citation, r.demands, r.fields]),
    widths: [0.22, 0.43, 0.35],
    mono: [false, false, true],
  });
  for (const note of REQUIREMENT_NOTES) paragraph(doc, note);
}

function files(doc: Doc, report: EvidenceReport): void {
  table(doc, {
    headers: ['File', 'Bytes', 'SHA-256'],
    rows: Object.entries(report.files).map(([name, f]) => [name, String(f.bytes), f.sha256]),
    widths: [0.33, 0.12, 0.55],
    mono: [true, false, true],
  });
}

function footers(doc: Doc): number {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    // Text below the bottom margin would make pdfkit open a new page: lift the margin while writing the footer.
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor('#333333');
    doc.text(
      toWinAnsi(`Cairn evidence pack · page ${i + 1} of ${range.count}`),
      doc.page.margins.left,
      doc.page.height - margin + 12,
      { lineBreak: false },
    );
    doc.page.margins.bottom = margin;
  }
  return range.count;
}

/**
 * Renders the period report as an A4 PDF.
 *
 * @example
 * const { pdf, pages } = await evidenceReportPdf(report);
 * await writeFile('report.pdf', pdf);
 */
export async function evidenceReportPdf(report: EvidenceReport): Promise<EvidencePdf> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    info: {
      Title: toWinAnsi(`Evidence pack ${report.origin}`),
      Author: 'Cairn',
      CreationDate: new Date(report.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(doc, 'end');
  const parts: [string, () => void][] = [
    [PDF_SECTIONS[0], () => summary(doc, report)],
    [PDF_SECTIONS[1], () => checkpointAndKeys(doc, report)],
    [PDF_SECTIONS[2], () => howToVerify(doc)],
    [PDF_SECTIONS[3], () => requirements(doc)],
    [PDF_SECTIONS[4], () => files(doc, report)],
  ];
  const sections: { title: string; page: number }[] = [];
  parts.forEach(([title, draw], i) => {
    if (i > 0) doc.addPage();
    sections.push({ title, page: doc.bufferedPageRange().start + doc.bufferedPageRange().count });
    if (i > 0) heading(doc, title, 1);
    draw();
  });
  const pages = footers(doc);
  doc.end();
  await ended;
  return { pdf: new Uint8Array(Buffer.concat(chunks)), pages, sections };
}
