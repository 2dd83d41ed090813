/**
 * A letter as a print-ready PDF (pdfkit) on the paper of the customer's country: A4, with the
 * address where a DIN 5008 / C5/6 window envelope shows it (20 mm from the left, 45 mm from the
 * top, 85 × 45 mm), or US Letter, with it where a #10 window envelope shows it (7/8 in from the
 * left; the print vendor confirms the exact position). The return address sits at the top of the
 * window in small type, wrapped onto a second line (and set smaller) rather than cut; a marking
 * such as "Private and confidential" (UK, CONC 7.9.8G) goes above the recipient. Nothing else
 * reaches the window, so the envelope shows nothing about the debt. Text is set in Noto Sans SC (Chinese and Latin in one face), embedded
 * as a subset, from the `@expo-google-fonts/noto-sans-sc` npm package: nothing is downloaded at
 * run time. The PDF is deterministic (fixed dates), so the same letter hashes the same.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { PaperSize } from '../domain/sender-profile.js';

const require = createRequire(import.meta.url);
const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';

let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** The TTF files, read once per process (about 10 MB each; the PDF embeds only the glyphs used). */
function loadFonts() {
  fonts ??= {
    regular: readFileSync(require.resolve(`${FONT_PACKAGE}/400Regular/NotoSansSC_400Regular.ttf`)),
    bold: readFileSync(require.resolve(`${FONT_PACKAGE}/700Bold/NotoSansSC_700Bold.ttf`)),
  };
  return fonts;
}

const MM = 72 / 25.4;
const INCH = 72;
const MARGIN = { left: 25 * MM, right: 20 * MM, top: 20 * MM, bottom: 25 * MM };
const BODY_TOP = 100 * MM;

interface Paper {
  readonly pdfkitSize: string;
  readonly width: number;
  readonly height: number;
  /** Where the envelope's window shows the page: return address, marking and recipient. */
  readonly window: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
  };
}

export const PAPERS: Readonly<Record<PaperSize, Paper>> = {
  A4: {
    pdfkitSize: 'A4',
    width: 595.28,
    height: 841.89,
    window: { x: 20 * MM, y: 45 * MM, width: 85 * MM, height: 45 * MM },
  },
  Letter: {
    pdfkitSize: 'LETTER',
    width: 612,
    height: 792,
    window: { x: 0.875 * INCH, y: 1.625 * INCH, width: 4 * INCH, height: 1.75 * INCH },
  },
};
/** The A4 window (the letters' tests crop the PDF to it). */
export const ADDRESS_WINDOW = PAPERS.A4.window;

export interface LetterLayout {
  readonly locale: string;
  /** A4 unless the customer's country uses US Letter. */
  readonly paperSize?: PaperSize;
  /** Printed in bold above the recipient, e.g. "Private and confidential". */
  readonly marking?: string;
  /** Return address lines, a blank line, then the recipient's lines. */
  readonly window: readonly string[];
  /** The letterhead: the sender's name and contact line (inside, never in the window). */
  readonly letterhead: readonly string[];
  /** The body in the letter markup: `# heading`, `- bullet`, blank lines between blocks. */
  readonly body: string;
  readonly title: string;
  readonly issuedAt: Date;
}

export interface RenderedPdf {
  readonly pdf: Buffer;
  readonly pages: number;
}

export async function renderLetterPdf(letter: LetterLayout): Promise<RenderedPdf> {
  const { regular, bold } = loadFonts();
  const paper = PAPERS[letter.paperSize ?? 'A4'];
  const win = paper.window;
  const doc = new PDFDocument({
    size: paper.pdfkitSize,
    margins: MARGIN,
    bufferPages: true,
    lang: letter.locale,
    info: {
      Title: letter.title,
      Creator: 'Kindly renderer',
      Producer: 'Kindly renderer',
      CreationDate: letter.issuedAt,
      ModDate: letter.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);

  // Letterhead, top right: above the window, so an envelope never shows it.
  doc.font('bold').fontSize(12);
  letter.letterhead.forEach((line, i) => {
    doc.font(i === 0 ? 'bold' : 'regular').fontSize(i === 0 ? 12 : 8);
    doc.text(line, paper.width / 2, MARGIN.top + i * 14, {
      width: paper.width / 2 - MARGIN.right,
      align: 'right',
      lineBreak: false,
    });
  });

  // The window: return address (small, whole: wrapped, then smaller if need be), an optional
  // marking, then the recipient.
  const blank = letter.window.indexOf('');
  const returnLines = blank < 0 ? [] : letter.window.slice(0, blank);
  const recipient = blank < 0 ? letter.window : letter.window.slice(blank + 1);
  const inner = win.width - 10;
  const returnText = returnLines.join('  ');
  let size = 7;
  doc.font('regular').fontSize(size);
  while (
    size > 5 &&
    doc.heightOfString(returnText, { width: inner }) > 2 * doc.currentLineHeight(true) + 0.5
  )
    doc.fontSize((size -= 0.5));
  let y = win.y + 4;
  if (returnText !== '') {
    doc.text(returnText, win.x + 5, y, { width: inner });
    y = Math.max(doc.y + 4, win.y + 18);
  }
  if (letter.marking) {
    doc
      .font('bold')
      .fontSize(9)
      .text(letter.marking, win.x + 5, y, {
        width: inner,
        lineBreak: false,
      });
    y = doc.y + 2;
  }
  doc.font('regular').fontSize(10);
  doc.text(recipient.join('\n'), win.x + 5, y, {
    width: inner,
    height: win.y + win.height - y - 4,
  });

  // The body, flowing onto further pages as needed.
  doc.x = MARGIN.left;
  doc.y = BODY_TOP;
  const width = paper.width - MARGIN.left - MARGIN.right;
  doc.font('bold').fontSize(13).text(letter.title, MARGIN.left, BODY_TOP, { width });
  doc.moveDown(0.6);
  for (const raw of letter.body.split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      doc.moveDown(0.5);
    } else if (line.startsWith('# ')) {
      // Keep a heading with what follows it: no heading alone at the foot of a page.
      if (doc.y > paper.height - MARGIN.bottom - 60) doc.addPage();
      doc
        .moveDown(0.3)
        .font('bold')
        .fontSize(11)
        .text(line.slice(2).trim(), MARGIN.left, doc.y, { width });
      doc.moveDown(0.2);
    } else if (line.startsWith('- ')) {
      // A hanging indent: the bullet in the margin, every line of the item aligned after it.
      const top = doc.y;
      doc
        .font('regular')
        .fontSize(10)
        .text('•', MARGIN.left + 4, top, { lineBreak: false });
      doc.text(line.slice(2).trim(), MARGIN.left + 16, top, { width: width - 16, lineGap: 2 });
    } else {
      doc.font('regular').fontSize(10).text(line.trim(), MARGIN.left, doc.y, { width, lineGap: 3 });
    }
  }

  // Page numbers, once the page count is known.
  const range = doc.bufferedPageRange();
  const pages = range.count;
  for (let i = range.start; i < range.start + pages; i++) {
    doc.switchToPage(i);
    // Below the bottom margin: without this, pdfkit would start a new page for the footer.
    doc.page.margins.bottom = 0;
    const label = letter.locale.startsWith('zh')
      ? `第 ${i + 1} 页，共 ${pages} 页`
      : `Page ${i + 1} of ${pages}`;
    doc
      .font('regular')
      .fontSize(8)
      .text(label, MARGIN.left, paper.height - 15 * MM, {
        width,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  await ended;
  return { pdf: Buffer.concat(chunks), pages };
}
