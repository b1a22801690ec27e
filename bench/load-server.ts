/**
 * The platform as `npm start` runs it, in its own process group, for benchmarks that load it from
 * outside (bench/load.ts): a private portal build, a free port, readiness, the resident memory of
 * the whole process tree (primary and workers), and a stop that takes every process down.
 */
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';

export const ROOT = path.resolve(import.meta.dirname, '..');

/** The portal built into a fresh folder under build/ (others may be rebuilding build/web meanwhile). */
export function buildPortal(): string {
  fs.mkdirSync(path.join(ROOT, 'build'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, 'build', 'web-load-'));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@react-router/dev/bin.js'), 'build'], {
    cwd: ROOT,
    env: { ...process.env, PASSERELLES_WEB_BUILD_DIR: dir },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`react-router build a échoué :\n${r.stderr}`);
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Pids of a process and of all its descendants (primary and workers), read from /proc. */
function tree(pid: number): number[] {
  const pids = [pid];
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const c of children ? children.split(/\s+/) : []) pids.push(...tree(Number(c)));
    }
  } catch {
    // The process ended while being read.
  }
  return pids;
}

const read = (file: string) => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/** Resident memory (MB) of a process and of all its descendants; 0 once gone. `processes`: those running
 * Node (primary and workers; tsx's esbuild service is counted in the memory, not as a process). */
export function treeRss(pid: number): { mb: number; processes: number } {
  const pids = tree(pid).filter((p) => read(`/proc/${p}/status`));
  const kb = pids.reduce((sum, p) => sum + Number(/^VmRSS:\s+(\d+)/m.exec(read(`/proc/${p}/status`))?.[1] ?? 0), 0);
  return { mb: kb / 1024, processes: pids.filter((p) => read(`/proc/${p}/comm`).trim() === 'node').length };
}

/** CPU time (ms) the whole machine has spent busy so far (every core, every process: /proc/stat). */
export function machineBusyMs(): number {
  const [, ...ticks] = read('/proc/stat').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = ticks;
  return (user + nice + system + irq + softirq + (steal ?? 0)) * 10;
}

/** CPU time (ms, user + system) used so far by a process and its living descendants (Linux ticks of 10 ms). */
export function treeCpuMs(pid: number): number {
  return tree(pid).reduce((sum, p) => {
    const fields = read(`/proc/${p}/stat`).split(') ')[1]?.split(' ') ?? [];
    return sum + (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10;
  }, 0);
}

export interface RunningServer {
  base: string;
  pid: number;
  /** Processes serving requests: the workers, or the one process on PGlite. */
  processes: number;
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx src/app/main.ts` with `env` added (database, workers…), page cache off,
 * rate limit out of the way, logs at warn level. Ready when the platform says over IPC that every
 * process listens (src/app/main.ts) and GET /api/v1/health/ready answers 200. `ceilingMs` bounds the
 * wait (importing nothing, a cold start takes seconds; building indexes per worker, more).
 */
export async function startServer(env: Record<string, string>, ceilingMs = 300_000): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/app/main.ts')], {
    cwd: ROOT,
    detached: true, // its own process group: stop() reaches the workers too
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      PASSERELLES_DATA_DIR: '',
      PASSERELLES_PAGE_CACHE_SECONDS: '0',
      PASSERELLES_RATE_LIMIT: '100000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let processes = 0;
  child.on('message', (m: { passerelles?: string; processes?: number }) => {
    if (m?.passerelles === 'listening') processes = m.processes ?? 1;
  });
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      tail.push(chunk);
      if (tail.length > 40) tail.shift();
    });
  }
  const stop = () => stopGroup(child);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + ceilingMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`le serveur s’est arrêté (code ${child.exitCode}) :\n${tail.join('')}`);
    if (processes && (await isReady(base))) {
      child.disconnect(); // the IPC channel would keep this process alive
      return { base, pid: child.pid!, processes, stop };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`le serveur n’est pas prêt après ${ceilingMs / 1000} s :\n${tail.join('')}`);
}

/** GET /api/v1/health/ready answers 200 (GET /api/v1/health on a server without that probe). */
async function isReady(base: string): Promise<boolean> {
  const status = (url: string) =>
    fetch(url).then(
      (r) => r.status,
      () => 0,
    );
  const ready = await status(`${base}/api/v1/health/ready`);
  return ready === 200 || (ready === 404 && (await status(`${base}/api/v1/health`)) === 200);
}

/** SIGTERM to the whole group, SIGKILL if it still runs 15 s later. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
  signal('SIGKILL'); // workers left behind by a primary that exited first
}
