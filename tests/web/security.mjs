// Security of `klappt web` over plain HTTP (ctest web.security): a second --bind 0.0.0.0 without
// users refuses to start; once users exist every page needs a session (→ login) and every API
// call too (401); a finance user cannot open a case; a form post without the CSRF token → 403;
// a 20 MiB body → 413 (and 2 MiB where 1 MiB is the limit); the security headers are sent; a
// failed login is logged without the name or password tried; a second desk on a port in use
// refuses to start.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { startDesk, check, klappt } from './support.mjs';

const data = mkdtempSync(join(tmpdir(), 'klappt-sec-'));

// --bind other than loopback without users: refused, with the command that helps.
const refused = spawnSync(klappt, ['web', '--bind', '0.0.0.0', '--port', '0', '--daten', data], { encoding: 'utf8', timeout: 20000 });
check(refused.status === 2, `--bind 0.0.0.0 ohne Benutzer startet (Status ${refused.status})`);
check(refused.stderr.includes('klappt web benutzer anlegen'), 'die Ablehnung nennt den Befehl zum Anlegen: ' + refused.stderr);

const addUser = (name, role, password) => {
  const r = spawnSync(klappt, ['web', 'benutzer', 'anlegen', name, '--rolle', role, '--daten', data], { input: password + '\n', encoding: 'utf8' });
  check(r.status === 0, `Benutzer ${name}: ${r.stderr}`);
};
const short = spawnSync(klappt, ['web', 'benutzer', 'anlegen', 'x', '--rolle', 'finanzen', '--daten', data], { input: 'kurz\n', encoding: 'utf8' });
check(short.status === 2 && short.stderr.includes('zu kurz'), 'zu kurzes Passwort wird abgelehnt');
addUser('anna', 'fallbearbeitung', 'Anna-Passwort-2026');
addUser('fritz', 'finanzen', 'Fritz-Passwort-2026');

const desk = await startDesk({ data });
try {
  // A second desk on a port in use refuses to start (it must not share the port and take half the requests).
  const port = new URL(desk.url).port;
  const second = spawnSync(klappt, ['web', '--port', port, '--daten', data + '-zweiter'], { encoding: 'utf8', timeout: 20000 });
  check(second.status !== 0 && second.status !== null && second.stderr.includes('lauschen'),
        `ein zweiter Desk auf Port ${port} startet (Status ${second.status}): ${second.stderr}`);
  rmSync(data + '-zweiter', { recursive: true, force: true });

  const get = (path, cookie) => fetch(desk.url + path, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
  const post = (path, body, cookie, type = 'application/x-www-form-urlencoded') =>
    fetch(desk.url + path, { method: 'POST', redirect: 'manual', body, headers: { 'Content-Type': type, ...(cookie ? { Cookie: cookie } : {}) } });

  // Without a session: every case page → login; API → 401.
  for (const path of ['/', '/faelle', '/faelle/neu', '/faelle/1', '/faelle/1/entscheidung', '/finanzen', '/bilanz', '/regeln']) {
    const r = await get(path);
    check(r.status === 303 && r.headers.get('location').startsWith('/anmelden'), `${path} ohne Sitzung: ${r.status} ${r.headers.get('location')}`);
  }
  const api = await post('/api/check', 'fall: X', null, 'application/yaml');
  check(api.status === 401, `/api/check ohne Sitzung: ${api.status}`);

  // Security headers on every answer.
  const login = await get('/anmelden');
  for (const [h, v] of [['content-security-policy', "script-src 'self'"], ['content-security-policy', "frame-ancestors 'none'"],
                        ['x-content-type-options', 'nosniff'], ['x-frame-options', 'DENY'], ['referrer-policy', 'no-referrer']])
    check((login.headers.get(h) || '').includes(v), `Kopfzeile ${h} enthält ${v} nicht`);
  check(!(login.headers.get('content-security-policy') || '').includes('unsafe-inline'), 'CSP ohne unsafe-inline');

  async function signIn(name, password) {
    const page = await get('/anmelden');
    const cookie = page.headers.get('set-cookie').split(';')[0];
    check(/HttpOnly/i.test(page.headers.get('set-cookie')) && /SameSite=Strict/i.test(page.headers.get('set-cookie')), 'Cookie HttpOnly, SameSite=Strict');
    const csrf = (await page.text()).match(/name="csrf" value="([0-9a-f]+)"/)[1];
    const r = await post('/anmelden', new URLSearchParams({ csrf, name, passwort: password, weiter: '/faelle' }), cookie);
    const session = (r.headers.get('set-cookie') || '').split(';')[0];
    return { status: r.status, location: r.headers.get('location'), cookie: session || cookie };
  }

  // A failed login: back to the login page; logged without what was typed.
  const wrong = await signIn('anna', 'Falsches-Passwort-123');
  check(wrong.location === '/anmelden?fehler=1', 'falsches Passwort → Anmeldeseite mit Fehler');

  // Finance staff: no case pages, no case API.
  const fritz = await signIn('fritz', 'Fritz-Passwort-2026');
  check(fritz.status === 303, 'Anmeldung fritz');
  for (const path of ['/faelle', '/faelle/neu', '/faelle/1', '/faelle/1/fall.yaml'])
    check((await get(path, fritz.cookie)).status === 403, `Finanzen öffnet ${path}`);
  check((await post('/api/check', 'fall: X', fritz.cookie, 'application/yaml')).status === 403, 'Finanzen ruft /api/check');
  check((await get('/finanzen', fritz.cookie)).status === 200, 'Finanzen öffnet /finanzen');

  // Caseworker: a case post needs the CSRF token.
  const anna = await signIn('anna', 'Anna-Passwort-2026');
  check(anna.location === '/faelle', 'Anmeldung anna führt zurück zur gewünschten Seite');
  const form = await (await get('/faelle/neu', anna.cookie)).text();
  const csrf = form.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const fields = { fall: 'SEC-1', stichtag: '15.03.2021', aktion: 'speichern' };
  check((await post('/faelle/neu', new URLSearchParams(fields), anna.cookie)).status === 403, 'Formular ohne CSRF-Token → 403');
  check((await post('/faelle/neu', new URLSearchParams({ ...fields, csrf: '0'.repeat(64) }), anna.cookie)).status === 403, 'falsches CSRF-Token → 403');
  const saved = await post('/faelle/neu', new URLSearchParams({ ...fields, csrf }), anna.cookie);
  check(saved.status === 303 && /^\/faelle\/\d+/.test(saved.headers.get('location')), 'mit Token gespeichert');
  const caseUrl = saved.headers.get('location').replace(/\?.*/, '');
  check((await get(caseUrl, fritz.cookie)).status === 403, 'Finanzen öffnet den gespeicherten Fall');
  // The token of one session does not work in another.
  const fritzForm = await post(caseUrl, new URLSearchParams({ ...fields, csrf }), fritz.cookie);
  check(fritzForm.status === 403, 'fremde Sitzung');

  // Body limits.  A 20 MiB body is refused from its Content-Length before it is read (the
  // answer arrives although the body is never sent); a chunked body without a length is
  // read up to the limit and refused then.
  const raw = (head, body = '') => new Promise((resolve, reject) => {
    const socket = connect(desk.port, '127.0.0.1', () => { socket.write(head); if (body) socket.write(body); });
    let answer = '';
    socket.setTimeout(20000, () => { socket.destroy(); reject(new Error('keine Antwort')); });
    socket.on('data', (d) => { answer += d; if (answer.includes('\r\n\r\n')) { socket.destroy(); resolve(Number(answer.split(' ')[1])); } });
    socket.on('error', reject);
  });
  for (const path of ['/api/check', '/finanzen', '/faelle/neu', '/api/weiterleitung']) {
    const status = await raw(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${anna.cookie}\r\nContent-Type: application/yaml\r\nContent-Length: ${20 << 20}\r\n\r\n`);
    check(status === 413, `20 MiB an ${path}: ${status}`);
  }
  const chunk = 'a'.repeat(64 << 10);
  const chunked = Array.from({ length: 32 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('') + '0\r\n\r\n';  // 2 MiB
  const two = await raw(`POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${anna.cookie}\r\nContent-Type: application/yaml\r\nTransfer-Encoding: chunked\r\n\r\n`, chunked);
  check(two === 413, `2 MiB (chunked) an /api/check: ${two}`);
  check((await get('/healthz')).status === 200, 'der Desk läuft nach den großen Anfragen weiter');
} finally {
  await desk.stop();
}
const log = readFileSync(join(data, 'ereignisse.log'), 'utf8');
check(log.includes('Anmeldung fehlgeschlagen'), 'fehlgeschlagene Anmeldung steht im Protokoll');
check(!log.includes('Falsches-Passwort') && !log.includes('Anna-Passwort'), 'kein Passwort im Protokoll');
console.log('web.security: in Ordnung');
