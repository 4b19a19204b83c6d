// Nothing lost (ctest web.durability): a burst of case saves, `kill -9` of the desk in the
// middle of it, a restart on the same data — every save that was answered with success
// (303 to the saved case) is there with what was sent.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDesk, check } from './support.mjs';

const data = mkdtempSync(join(tmpdir(), 'klappt-dur-'));
const desk = await startDesk({ data });
const form = await fetch(desk.url + '/faelle/neu', { redirect: 'manual' });
const cookie = form.headers.get('set-cookie').split(';')[0];
const csrf = (await form.text()).match(/name="csrf" value="([0-9a-f]+)"/)[1];

const answered = new Map();  // case url → kennung
let failed = 0;
const save = async (i) => {
  const kennung = `DUR-${i}`;
  const body = new URLSearchParams({ csrf, aktion: 'speichern', fall: kennung, stichtag: '15.03.2021', 'person.geburtsdatum': '17.05.2001',
                                     'person.aufenthaltsstatus': 'duldung' });
  try {
    const r = await fetch(desk.url + '/faelle/neu', { method: 'POST', body, redirect: 'manual', headers: { Cookie: cookie } });
    if (r.status === 303) answered.set(r.headers.get('location').replace(/\?.*/, ''), kennung);
    else failed++;
  } catch {
    failed++;  // the connection died with the server: not answered, so nothing is promised
  }
};
// 16 writers in a loop; the server is killed while they write.
let next = 0;
const writers = Array.from({ length: 16 }, async () => { while (next < 5000 && desk.proc.exitCode === null && desk.proc.signalCode === null) await save(next++); });
setTimeout(() => desk.proc.kill('SIGKILL'), 1500);
await Promise.all(writers);
check(answered.size > 20, `zu wenige Speicherungen vor dem Abbruch (${answered.size})`);

const again = await startDesk({ data });
try {
  let missing = 0;
  for (const [url, kennung] of answered) {
    const r = await fetch(again.url + url + '/fall.yaml');
    const text = r.status === 200 ? await r.text() : '';
    if (!text.includes(`fall: ${kennung}`)) missing++;
  }
  check(missing === 0, `${missing} von ${answered.size} bestätigten Speicherungen fehlen nach kill -9`);
  console.log(`web.durability: in Ordnung – ${answered.size} bestätigte Speicherungen nach kill -9 alle vorhanden (${failed} unbeantwortet)`);
} finally {
  await again.stop();
}
