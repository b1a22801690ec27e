/** PDFs written by hand for the CV checks: a plain one, and the ways active content hides in one. */
import { deflateSync } from 'node:zlib';

/** A one-page PDF holding a line of text, with a correct cross-reference table. */
export function plainPdf(text = 'Camille Candidate - CV'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    streamObject(`BT /F1 18 Tf 72 760 Td (${text}) Tj ET`),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  return assemble(objects);
}

/** A PDF that runs a script when opened, the script's name written plainly, hex-escaped, or inside a compressed object stream. */
export function pdfWithScript(how: 'plain' | 'escaped' | 'compressed'): Buffer {
  const action = how === 'escaped' ? '<< /S /J#61vaScript /J#53 (app.alert(1)) >>' : '<< /S /JavaScript /JS (app.alert(1)) >>';
  if (how === 'compressed') {
    const inner = deflateSync(Buffer.from(`6 0 ${action}`, 'latin1'));
    return assemble(
      [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
        `<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${inner.length} >>\nstream\n${inner.toString('latin1')}\nendstream`,
      ],
      true,
    );
  }
  return assemble([
    // Escaped, the object is left unreferenced: only the escaped names can betray it.
    how === 'plain' ? '<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>' : '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    action,
  ]);
}

function streamObject(content: string): string {
  return `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
}

function assemble(objects: string[], binary = false): Buffer {
  let out = binary ? '%PDF-1.5\n%\xe2\xe3\xcf\xd3\n' : '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
