// Shared by the browser tests: start `klappt web` on 127.0.0.1 with a free port and a
// fresh data folder, drive Debian's chromium with playwright-core, run axe-core.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  require.resolve('playwright-core');
} catch {
  console.error('tests/web: node_modules fehlt – ./scripts/setup.sh ausführen (npm ci in tests/web)');
  process.exit(1);
}
export const here = dirname(fileURLToPath(import.meta.url));
export const klappt = process.env.KLAPPT || join(here, '../../build/klappt');
export const repo = join(here, '../..');

// Starts the desk; resolves with {url, port, data, proc, stop()}.  Stops by itself after `limitMs`.
export function startDesk({ data, args = [], limitMs = 600000 } = {}) {
  data = data || mkdtempSync(join(tmpdir(), 'klappt-web-'));
  const proc = spawn(klappt, ['web', '--port', '0', '--daten', data, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  const timer = setTimeout(() => proc.kill('SIGKILL'), limitMs);
  proc.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`klappt web endete (${code}): ${out}${err}`)); });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        proc.removeAllListeners('exit');
        proc.on('exit', () => clearTimeout(timer));
        resolve({
          url: `http://127.0.0.1:${m[1]}`, port: Number(m[1]), data, proc,
          output: () => out + err,
          stop: () => stopProcess(proc),
        });
      }
    });
  });
}

// SIGTERM, then wait (polling keeps the event loop alive) up to 20 s, then SIGKILL.
export function stopProcess(proc) {
  return new Promise((resolve) => {
    const started = Date.now();
    const done = () => proc.exitCode !== null || proc.signalCode !== null;
    if (done()) return resolve(proc.exitCode);
    proc.kill('SIGTERM');
    const poll = setInterval(() => {
      if (done()) { clearInterval(poll); resolve(proc.exitCode); }
      else if (Date.now() - started > 20000) proc.kill('SIGKILL');
    }, 50);
  });
}

export async function launchBrowser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--no-first-run'],
  });
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// WCAG 2.1 A and AA rules of axe-core on the current page; throws with the violations.
export async function checkAccessibility(page, name) {
  await page.addScriptTag({ content: axeSource }).catch(async () => {
    // The desk's CSP forbids inline scripts: evaluate the source instead.
    await page.evaluate(axeSource);
  });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  if (violations.length) throw new Error(`axe-core auf ${name}: ${violations.length} Verstöße\n  ${violations.join('\n  ')}`);
  return result.passes.length;
}

export const screenshots = process.env.KLAPPT_SCREENSHOTS || join(here, '../../build/web-screenshots');
mkdirSync(screenshots, { recursive: true });

export function check(condition, message) {
  if (!condition) throw new Error(message);
}
