// Preloaded (--import) into a child process whose memory a test bounds: prints the peak resident
// set size on stderr as the process exits. A process that crashes prints nothing, and fails.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\npeak-rss-mb ${(process.resourceUsage().maxRSS / 1024).toFixed(0)}\n`);
});
