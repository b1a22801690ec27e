// CI's audit of the production dependencies (.ci/run): fails on a high or critical vulnerability.
// It reads `npm audit --json` on stdin: a report (metadata.vulnerabilities) is judged, while a
// registry whose audit endpoint cannot be reached (an error object) only gives a warning, since
// npm audit exits 1 in both cases.
let text = '';
process.stdin
  .on('data', (chunk) => (text += chunk))
  .on('end', () => {
    let report;
    try {
      report = JSON.parse(text);
    } catch {
      report = {};
    }
    const counts = report.metadata?.vulnerabilities;
    if (!counts) {
      const why = report.error?.summary || report.message || 'réponse illisible';
      console.error(
        `ATTENTION : audit npm impossible, le service d’audit du registre est injoignable (${why}). Les dépendances n’ont PAS été vérifiées.`,
      );
      return;
    }
    const serious = Object.values(report.vulnerabilities || {}).filter((v) => v.severity === 'high' || v.severity === 'critical');
    if (serious.length === 0) {
      console.log(`aucune vulnérabilité haute ou critique${counts.total ? ` (${counts.total} de moindre gravité)` : ''}`);
      return;
    }
    for (const v of serious) {
      const titles = (v.via || []).map((via) => (typeof via === 'string' ? `par ${via}` : via.title)).join(' ; ');
      console.error(
        `${v.severity === 'critical' ? 'CRITIQUE' : 'HAUTE'} ${v.name} ${v.range} : ${titles}${v.fixAvailable ? ' (correctif disponible : npm audit fix)' : ''}`,
      );
    }
    console.error(`${serious.length} dépendance(s) de production avec une vulnérabilité haute ou critique : voir npm audit --omit=dev`);
    process.exitCode = 1;
  });
