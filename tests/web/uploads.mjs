// The desk's two uploads with what people actually pick (ctest web.uploads): the case import
// and the forwarding check, each in a real browser with a good file first, then with the wrong
// or broken file — the Excel workbook instead of the CSV, a PDF, a quote left open, an alias
// bomb.  Each wrong file gets its German message at once, stores nothing, and the error page
// passes axe-core.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDesk, launchBrowser, checkAccessibility, check, repo } from './support.mjs';

const work = mkdtempSync(join(tmpdir(), 'klappt-uploads-'));
const file = (name, bytes) => { const path = join(work, name); writeFileSync(path, bytes); return path; };
// Bytes as a binary file has them (fixed, so every run sends the same).
const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
const workbook = file('faelle.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), binary]));
const forwardingsWorkbook = file('weiterleitungen.xlsx', readFileSync(workbook));
const bescheidPdf = file('bescheid.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), binary]));
const twoCases = file('zwei.yaml', readFileSync(join(repo, 'examples/io_beispiel.yaml'), 'utf8') + '---\n' +
                                   readFileSync(join(repo, 'examples/verlaengerung_2023.yaml'), 'utf8'));
const openQuote = file('zitat.yaml', 'fall: ZITAT-1\nstichtag: 2021-03-15\nkommune:\n  name: "Rhein-Kreis Neuss\nperson:\n  geburtsdatum: 2001-05-17\n');
const bomb = file('bombe.yaml', ['a: &a ["x","x","x","x","x","x","x","x","x","x"]',
  ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} [${Array(10).fill('*' + 'abcdefghi'[i]).join(',')}]`), 'fall: *i', ''].join('\n'));
const bescheid = join(repo, 'examples/finanzen/bescheid_rhein_kreis_neuss.yaml');
const forwardings = join(repo, 'examples/finanzen/weiterleitungen.csv');

const desk = await startDesk();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const storedCases = async () => { await page.goto(desk.url + '/faelle'); return page.locator('table tbody tr').count(); };

  // ---- the case import ---------------------------------------------------------------------
  const importFile = async (path) => {
    await page.goto(desk.url + '/faelle');
    await page.getByLabel('YAML-Datei').setInputFiles(path);
    const started = Date.now();
    const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Importieren' }).click()]);
    return { status: response.status(), ms: Date.now() - started, text: await page.locator('main').innerText() };
  };
  let r = await importFile(twoCases);
  check(r.text.includes('2 Fall/Fälle importiert'), `Import von zwei Fällen: ${r.text.slice(0, 300)}`);
  check(await storedCases() === 2, 'zwei Fälle gespeichert');

  const wrong = [
    [workbook, '„faelle.xlsx“ ist keine Textdatei, die klappt lesen kann: eine Excel- oder LibreOffice-Arbeitsmappe'],
    [openQuote, 'zitat.yaml:4:9: error: YAML-Syntaxfehler: das Anführungszeichen „"“ wird nicht geschlossen'],
    [bomb, 'YAML-Dokument zu groß, wenn man seine Aliase (*name) ausschreibt'],
  ];
  for (const [path, message] of wrong) {
    r = await importFile(path);
    check(r.status === 400, `${path}: Status ${r.status}`);
    check(r.text.includes('Nichts importiert') && r.text.includes(message), `${path}: Meldung „${message}“ fehlt in: ${r.text.slice(0, 400)}`);
    // A refusal, not a computation: well inside a second even on a loaded machine (bounded, not measured).
    check(r.ms < 10000, `${path}: Antwort nach ${r.ms} ms`);
  }
  await checkAccessibility(page, 'import_fehler');
  check(await storedCases() === 2, 'die falschen Dateien haben nichts gespeichert');

  // ---- the forwarding check ------------------------------------------------------------------
  const checkForwardings = async (bescheidPath, listPath) => {
    await page.goto(desk.url + '/finanzen');
    await page.getByLabel('Zuwendungsbescheid (YAML-Datei)').setInputFiles(bescheidPath);
    await page.getByLabel('Weiterleitungen (CSV aus Excel oder YAML)').setInputFiles(listPath);
    await page.getByLabel('Prüfdatum').fill('15.07.2023');
    const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Prüfen', exact: true }).click()]);
    return { status: response.status(), text: await page.locator('main').innerText() };
  };
  r = await checkForwardings(bescheid, forwardings);
  check(r.status === 200 && r.text.includes('Weiterleitungen'), `gute Weiterleitungen: ${r.status}`);
  r = await checkForwardings(bescheid, forwardingsWorkbook);
  check(r.status === 400 && r.text.includes('„weiterleitungen.xlsx“ ist keine Textdatei, die klappt lesen kann: eine Excel- oder LibreOffice-Arbeitsmappe') &&
        r.text.includes('CSV UTF-8'), `Arbeitsmappe statt CSV: ${r.text.slice(0, 400)}`);
  await checkAccessibility(page, 'finanzen_arbeitsmappe');
  r = await checkForwardings(bescheidPdf, forwardings);
  check(r.status === 400 && r.text.includes('„bescheid.pdf“ ist keine Textdatei, die klappt lesen kann: ein PDF-Dokument'),
        `PDF statt Bescheid: ${r.text.slice(0, 400)}`);
  console.log('web.uploads: in Ordnung – Import und Weiterleitungen mit Arbeitsmappe, PDF, offenem Anführungszeichen und Alias-Bombe');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await browser.close();
  await desk.stop();
}
