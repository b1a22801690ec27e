// A second node:test reporter that run-tests.mjs writes to stderr, beside the usual one on
// stdout: skipped tests must be seen. It copies, as they come, the lines test files print to
// announce what they skip (« IGNORÉ … », test/helpers/db.ts announceSkip), and at the end lists
// every skipped test with its file and reason, then the slowest files (the time of their
// top-level tests, their file-level `before` hooks included).
import path from 'node:path';

export default async function* skipReporter(source) {
  const skipped = [];
  const perFile = new Map();
  for await (const { type, data } of source) {
    if (type === 'test:stderr' && /^IGNORÉ/m.test(data.message)) {
      for (const line of data.message.split('\n')) if (line.startsWith('IGNORÉ')) yield `${line}\n`;
    }
    if ((type === 'test:pass' || type === 'test:fail') && data.skip !== undefined && data.skip !== false) {
      const file = data.file ? path.relative(process.cwd(), data.file) : '?';
      skipped.push(`  ${file} › ${data.name} : ${data.skip === true ? '(raison non donnée)' : data.skip}`);
    }
    if ((type === 'test:pass' || type === 'test:fail') && data.nesting === 0 && data.file && data.details?.duration_ms) {
      perFile.set(data.file, (perFile.get(data.file) ?? 0) + data.details.duration_ms);
    }
  }
  const slowest = [...perFile].sort((a, b) => b[1] - a[1]).slice(0, 8);
  if (slowest.length) {
    yield `fichiers de test les plus longs :\n${slowest.map(([file, ms]) => `  ${(ms / 1000).toFixed(0).padStart(4)} s  ${path.relative(process.cwd(), file)}`).join('\n')}\n`;
  }
  if (skipped.length) yield `\nIGNORÉ : ${skipped.length} test(s) non exécuté(s)\n${skipped.join('\n')}\n\n`;
}
