// Browser end-to-end test of `klappt web` (ctest web.e2e): a caseworker types a case as a
// person would, with and without JavaScript; the result shown equals `klappt check --json --erklaerung`;
// /api/check equals the CLI for every example; a deviation is recorded and the Prüfvermerk
// printed to PDF (one A4 page, checked for its text); finance uploads the forwarding CSV as
// Excel saves it (UTF-8 with BOM and Windows-1252) and sees what `klappt weiterleitung`
// says; the Zwischenbilanz equals `klappt report`; axe-core finds no WCAG 2.1 AA violation
// on any page; screenshots go to build/web-screenshots; no birth date appears in the log.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync, mkdtempSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startDesk, launchBrowser, checkAccessibility, screenshots, check, klappt, repo } from './support.mjs';

const work = mkdtempSync(join(tmpdir(), 'klappt-e2e-'));
const germanEuro = (plain) => {
  const [euros, cents] = plain.split('.');
  return euros.replace(/\B(?=(\d{3})+(?!\d))/g, '.') + ',' + cents + ' €';
};
const germanDate = (iso) => iso.split('-').reverse().join('.');
const cli = (args, input) => spawnSync(klappt, args, { input, encoding: 'utf8' });
const audited = new Set();

async function audit(page, name) {
  await checkAccessibility(page, name);
  audited.add(name);
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

// The values of the result column: "label" → "value", per measure section.
async function shownMeasures(page) {
  return page.$$eval('#ergebnis .massnahme', (sections) => sections.map((s) => {
    const values = {};
    const calculations = {};
    s.querySelectorAll('.zeile').forEach((z) => {
      const label = z.querySelector('dt').textContent.trim(), dd = z.querySelector('dd');
      values[label] = dd.firstChild ? dd.firstChild.textContent.trim() : '';
      const line = dd.querySelector('.rechenweg');
      if (line) calculations[label] = line.textContent.trim();
    });
    return { title: s.querySelector('h3').textContent.trim(), status: s.querySelector('.status').textContent.trim(), values, calculations,
             failed: Array.from(s.querySelectorAll('.entscheidend .nicht-erfuellt')).map((li) => li.textContent) };
  }));
}

function compareWithCli(measures, cliResult, what) {
  check(measures.length === cliResult.massnahmen.length, `${what}: ${measures.length} Maßnahmen gezeigt, CLI hat ${cliResult.massnahmen.length}`);
  cliResult.massnahmen.forEach((m, i) => {
    const shown = measures[i];
    // The verdict, the calculation lines and the deciding reasons are those of `klappt check --json --erklaerung`.
    check(shown.status === m.urteil, `${what}: Urteil „${shown.status}“ ≠ „${m.urteil}“`);
    check(shown.calculations['Betrag'] === m.rechenweg.betrag, `${what}: Rechenweg ${shown.calculations['Betrag']}`);
    check(shown.values['Betrag'] === germanEuro(m.betrag), `${what}: Betrag ${shown.values['Betrag']} ≠ ${m.betrag}`);
    check(shown.values['Landesanteil'] === germanEuro(m.landesanteil), `${what}: Landesanteil ${shown.values['Landesanteil']}`);
    check(shown.values['Eigenanteil der Kommune'] === germanEuro(m.eigenanteil), `${what}: Eigenanteil`);
    check(shown.values['gefördert bis'] === (m.gefoerdert_bis ? germanDate(m.gefoerdert_bis) : '–'), `${what}: gefördert bis ${shown.values['gefördert bis']}`);
    const deadline = shown.values['Eintritt für die volle Pauschale bis'];
    check(deadline === (m.eintritt_frist ? germanDate(m.eintritt_frist) : '–'), `${what}: Eintrittsfrist ${deadline}`);
    const failed = m.entscheidend.filter((g) => g.art === 'bedingung' && !g.erfuellt).length;
    check(shown.failed.length === failed, `${what}: ${shown.failed.length} nicht erfüllte Gründe gezeigt, CLI ${failed}`);
  });
}

const desk = await startDesk();
const browser = await launchBrowser();
try {
  // ---- 1. A case typed with JavaScript on ------------------------------------------------
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(desk.url + '/');
  check(page.url().endsWith('/faelle'), 'Startseite führt zur Fallliste');
  await audit(page, 'faelle_leer');
  await page.getByRole('link', { name: 'Neuen Fall anlegen' }).click();
  await audit(page, 'fall_neu');
  await page.getByLabel('Fall', { exact: true }).fill('E2E-0042');
  await page.getByLabel('Stichtag').fill('15.03.2021');

  // The minimal interview: the page asks only what can still change the result, in the order
  // of `klappt fragen`, and stops asking as soon as the result stands.
  const questions = () => page.locator('#fragen .fragenliste li a').allTextContents();
  check((await questions())[0] === 'Geburtsdatum', 'zuerst gefragt: Geburtsdatum, nicht ' + (await questions()).join(', '));
  // Someone of 30 is no target group whatever the status: the status is no longer asked.
  await page.getByLabel('Geburtsdatum').fill('17.05.1990');
  await page.waitForFunction(() => document.querySelector('#fragen')?.textContent.includes('das Ergebnis steht fest'));
  check(await page.getByLabel('Aufenthaltsstatus', { exact: true }).isHidden(), 'Aufenthaltsstatus wird bei 30 Jahren nicht gefragt');
  check((await page.locator('#ergebnis').textContent()).includes('nicht Zielgruppe'), 'Ergebnis steht ohne Aufenthaltsstatus fest');
  await audit(page, 'fall_steht_fest');
  // At 19 it matters again and is asked.
  await page.getByLabel('Geburtsdatum').fill('17.05.2001');
  await page.getByLabel('Aufenthaltsstatus', { exact: true }).waitFor({ state: 'visible' });
  await page.waitForFunction(() => [...document.querySelectorAll('#fragen .fragenliste li a')].some(a => a.textContent === 'Aufenthaltsstatus'));
  check(await page.locator('.feld.gebraucht #f-person-aufenthaltsstatus').count() === 1, 'das gefragte Feld ist markiert');
  await page.getByLabel('Aufenthaltsstatus', { exact: true }).selectOption({ label: 'Duldung (§ 60a AufenthG)' });
  await page.waitForFunction(() => !document.querySelector('#fragen .fragenliste'));
  await page.getByLabel('Begründung einer Einzelfallentscheidung zum Alter').fill('Amira Haddad, Gespräch');
  await page.getByRole('button', { name: 'Maßnahme hinzufügen' }).click();
  await page.waitForURL(/\/faelle\/\d+/);
  const caseUrl = page.url().replace(/[#?].*$/, '');
  // A new measure: its facts are asked (not shown as errors), each field marked with its question.
  check(await page.locator('.fehlerliste').count() === 0, 'fehlende Angaben sind Fragen, keine Fehler');
  const asked = await questions();
  for (const label of ['Förderbaustein', 'Beginn der Maßnahme', 'Ende der Maßnahme', 'Eintritt der Person'])
    check(asked.includes(label), `„${label}“ wird gefragt (gefragt: ${asked.join(', ')})`);
  check(await page.locator('.feld.gebraucht').count() === asked.length, 'jede Frage steht markiert am Feld');
  await audit(page, 'fall_fragen');
  await page.screenshot({ path: join(screenshots, 'readme_fragen.png') });
  await page.getByLabel('Förderbaustein').selectOption({ label: 'F4 Schul-, ausbildungs- und berufsvorbereitende Kurse, Jugendintegrationskurse' });
  await page.getByLabel('Beginn der Maßnahme').fill('11.01.2021');
  await page.getByLabel('Ende der Maßnahme').fill('30.06.2021');
  await page.getByLabel('Eintritt der Person').fill('01.02.2021');
  // Everything asked is answered: no question is left and the result stands.
  await page.waitForFunction(() => !document.querySelector('#fragen .fragenliste') && document.querySelector('#ergebnis .massnahme'));
  check(await page.locator('.feld.gebraucht').count() === 0, 'keine Frage mehr markiert');
  await page.getByLabel('Art des Trägers').selectOption({ label: 'Volkshochschule' });
  await page.getByLabel('Unterrichtsstunden des ganzen Kurses').fill('240');
  await page.getByLabel('Prüfungsgebühren (tatsächliche Kosten)').fill('120,00');
  await page.getByLabel('Fahrtkosten je Monat (Ticket)').fill('49,00');
  // With JavaScript the result follows the form without a reload.
  await page.locator('#ergebnis .massnahme').waitFor();
  await page.waitForFunction(() => document.querySelector('#ergebnis .massnahme')?.textContent.includes('9.365,00'));
  check(page.url().startsWith(caseUrl), 'keine Navigation beim Neuberechnen');
  await page.getByRole('button', { name: 'Speichern und prüfen' }).first().click();
  await page.waitForURL(/gespeichert=1/);
  await audit(page, 'fall_ergebnis');
  await page.screenshot({ path: join(screenshots, 'readme_fall.png') });  // the first screen, for the README

  // The shown result equals `klappt check --json` for the exported case.
  const exported = await (await page.request.get(caseUrl + '/fall.yaml')).text();
  writeFileSync(join(work, 'fall.yaml'), exported);
  const cliRun = cli(['check', '--json', '--erklaerung', join(work, 'fall.yaml')]);
  check(cliRun.status === 0, 'klappt check des exportierten Falls: ' + cliRun.stderr);
  const cliResult = JSON.parse(cliRun.stdout);
  check(cliResult.massnahmen[0].betrag === '9365.00', 'der getippte Fall ist der io.md-Beispielfall (9.365,00 €)');
  compareWithCli(await shownMeasures(page), cliResult, 'Fall mit JavaScript');

  // Change one fact: the entry moves past the deadline; the result says so at once.
  await page.getByLabel('Eintritt der Person').fill('15.03.2021');
  await page.waitForFunction(() => !document.querySelector('#ergebnis .massnahme')?.textContent.includes('9.365,00'));
  await page.getByRole('button', { name: 'Speichern und prüfen' }).first().click();
  await page.waitForURL(/gespeichert=1/);
  const changed = await (await page.request.get(caseUrl + '/fall.yaml')).text();
  writeFileSync(join(work, 'fall2.yaml'), changed);
  compareWithCli(await shownMeasures(page), JSON.parse(cli(['check', '--json', '--erklaerung', join(work, 'fall2.yaml')]).stdout), 'geänderter Fall');
  // What would make it work: the same ways as `klappt check --wege`, each verified there by an evaluation.
  const ways = JSON.parse(cli(['check', '--json', '--wege', join(work, 'fall2.yaml')]).stdout).wege.map((w) => w.text);
  check(ways.length > 0, 'klappt check --wege findet für den späten Eintritt einen Weg');
  const shownWays = await page.locator('#wege .wege-liste li:not(.kein-weg)').allTextContents();
  check(JSON.stringify(shownWays) === JSON.stringify(ways), `„Was würde helfen?“ zeigt ${JSON.stringify(shownWays)}, die CLI ${JSON.stringify(ways)}`);
  await audit(page, 'fall_wege');
  await page.locator('#wege').screenshot({ path: join(screenshots, 'readme_wege.png') });

  // ---- 2. Without JavaScript: form post → result page ----------------------------------------
  const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const nojs = await plain.newPage();
  await nojs.goto(desk.url + '/faelle/neu');
  await nojs.getByLabel('Fall', { exact: true }).fill('E2E-OHNE-JS');
  await nojs.getByLabel('Stichtag').fill('01.08.2022');
  await nojs.getByLabel('Geburtsdatum').fill('03.02.1999');
  await nojs.getByLabel('Aufenthaltsstatus', { exact: true }).selectOption({ label: 'Aufenthaltsgestattung (§ 55 AsylG)' });
  await nojs.getByRole('button', { name: 'Maßnahme hinzufügen' }).click();
  await nojs.getByLabel('Förderbaustein').selectOption({ label: 'F1 Coaching' });
  await nojs.getByLabel('Beginn der Maßnahme').fill('01.01.2022');
  await nojs.getByLabel('Ende der Maßnahme').fill('31.12.2022');
  await nojs.getByLabel('Eintritt der Person').fill('01.02.2022');
  await nojs.getByRole('button', { name: 'Maßnahme hinzufügen' }).click();
  await nojs.getByLabel('Förderbaustein').nth(1).selectOption({ label: 'F3 Nachträglicher Erwerb des Hauptschulabschlusses' });
  await nojs.getByLabel('Beginn der Maßnahme').nth(1).fill('01.09.2021');
  await nojs.getByLabel('Ende der Maßnahme').nth(1).fill('30.06.2022');
  // A date that does not exist is an error, not a question: next to its field and in the summary at the top.
  await nojs.getByLabel('Eintritt der Person').nth(1).fill('31.02.2022');
  await nojs.getByRole('button', { name: 'Speichern und prüfen' }).first().click();
  await nojs.waitForURL(/gespeichert=1/);
  check(await nojs.locator('.fehlerliste').count() === 1, 'Fehlerzusammenfassung oben');
  check((await nojs.locator('.fehlerliste').textContent()).includes('31.02.2022'), 'die Zusammenfassung nennt das ungültige Datum');
  check(await nojs.locator('.mit-fehler #f-massnahmen-2-eintritt').count() === 1, 'der Fehler steht am Feld');
  check(await nojs.locator('#fragen').count() === 0, 'bei einem Fehler wird nichts gefragt');
  await page.goto(nojs.url());  // axe-core needs JavaScript: the same page in the other tab
  await audit(page, 'fall_fehler');
  await nojs.getByLabel('Eintritt der Person').nth(1).fill('01.02.2022');
  await nojs.getByLabel('Unterrichtsstunden des ganzen Kurses').nth(1).fill('400');
  // Remove the first measure again, then save.
  await nojs.getByRole('button', { name: 'Maßnahme 1 entfernen' }).click();
  // Without JavaScript the button posts the form: wait for the page that comes back, whose second
  // measure is gone (the count right after the click may still read the old page).
  await nojs.getByLabel('Förderbaustein').nth(1).waitFor({ state: 'detached', timeout: 15000 }).catch(() => {});
  check(await nojs.getByLabel('Förderbaustein').count() === 1, 'Maßnahme entfernt');
  await nojs.getByRole('button', { name: 'Speichern und prüfen' }).first().click();
  await nojs.waitForURL(/gespeichert=1/);
  const nojsUrl = nojs.url().replace(/[#?].*$/, '');
  writeFileSync(join(work, 'fall3.yaml'), await (await nojs.request.get(nojsUrl + '/fall.yaml')).text());
  compareWithCli(await shownMeasures(nojs), JSON.parse(cli(['check', '--json', '--erklaerung', join(work, 'fall3.yaml')]).stdout), 'Fall ohne JavaScript');
  await nojs.screenshot({ path: join(screenshots, 'fall_ohne_js.png'), fullPage: true });
  await page.goto(nojsUrl);
  await audit(page, 'fall_zwei_massnahmen');  // the same page, with JavaScript so axe-core can run

  // ---- 3. The JSON API equals the CLI for every example --------------------------------------
  for (const file of readdirSync(join(repo, 'examples')).filter((f) => f.endsWith('.yaml'))) {
    const body = readFileSync(join(repo, 'examples', file), 'utf8');
    const api = await page.request.post(desk.url + '/api/check', { data: body, headers: { 'Content-Type': 'application/yaml' } });
    const expected = cli(['check', '--json', join(repo, 'examples', file)]).stdout;
    check(await api.text() === expected, `/api/check ≠ klappt check --json für ${file}`);
    check(api.status() === 200, `/api/check ${file}: ${api.status()}`);
  }
  const bad = await page.request.post(desk.url + '/api/check', { data: 'fall: X\nstichtag: 30.02.2021\n', headers: { 'Content-Type': 'application/yaml' } });
  check(bad.status() === 400, '/api/check mit ungültigem Datum → 400');
  check((await bad.text()).includes('ungültiges Datum „30.02.2021“'), 'deutsche Feldmeldung der CLI');
  // The minimal interview: a partial case (unknown facts) gives exactly `klappt fragen --json`.
  {
    const partial = join(repo, 'tests', 'fragen', 'teilfall_beispiel.yaml');
    const api = await page.request.post(desk.url + '/api/fragen', { data: readFileSync(partial, 'utf8'), headers: { 'Content-Type': 'application/yaml' } });
    const expected = cli(['fragen', '--json', partial]).stdout;
    check(api.status() === 200, `/api/fragen: ${api.status()}`);
    check(await api.text() === expected, '/api/fragen ≠ klappt fragen --json');
    check(JSON.parse(expected).fehlend.length > 0, 'der Teilfall hat offene Fragen');
  }

  // ---- 4. Entscheidung (abweichend) and Prüfvermerk as PDF ----------------------------------
  await page.goto(caseUrl);
  await page.getByRole('link', { name: 'Entscheidung und Prüfvermerk' }).click();
  await audit(page, 'entscheidung');
  await page.getByLabel('Abweichend entscheiden').check();
  await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
  check(await page.locator('.fehlerliste').count() === 1, 'abweichend ohne Begründung wird abgelehnt');
  await page.getByLabel('Abweichend entscheiden').check();
  await page.getByLabel('Begründung der Abweichung').fill('Eintritt wegen Krankheit verspätet; Träger bestätigt Teilnahme ab Kursbeginn.');
  await page.getByLabel('Weitere Umstände').fill('Bescheinigung liegt in der Akte.');
  await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
  await page.waitForURL(/\/vermerk\/\d+/);
  await audit(page, 'pruefvermerk');
  const pdfPath = join(work, 'pruefvermerk.pdf');
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  copyFileSync(pdfPath, join(screenshots, 'pruefvermerk.pdf'));  // kept for a look at what was printed
  const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  const pages = Number(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)[1]);
  check(pages === 1, `Prüfvermerk hat ${pages} Seiten statt einer`);
  for (const text of ['Prüfvermerk', 'E2E-0042', 'Abweichend vom Ergebnis entschieden', 'Eintritt wegen Krankheit verspätet', 'Bescheinigung liegt in der Akte',
                      cliResult.regeln.version, cliResult.regeln.sha256.slice(0, 16), 'Quelle:', 'Regelwerk'])
    check(pdfText.includes(text), `Prüfvermerk-PDF enthält „${text}“ nicht`);
  execFileSync('pdftoppm', ['-png', '-r', '70', '-singlefile', pdfPath, join(screenshots, 'pruefvermerk_pdf')]);

  // ---- 5. Finanzen: the forwarding CSV as Excel saves it -------------------------------------
  const bescheid = join(repo, 'examples/finanzen/bescheid_rhein_kreis_neuss.yaml');
  const utf8 = readFileSync(join(repo, 'examples/finanzen/weiterleitungen.csv'), 'utf8').replace(/^\uFEFF/, '');
  // One more row that cannot be read (no such day): it must be listed, not silently left out.
  const rows = utf8.trimEnd() + '\r\nWL-2099-99;F4;VHS Neuss;Volkshochschule;ja;31.02.2021;30.06.2021;1.000,00;;;40;;nein;;;;;01.03.2021;1.000,00;\r\n';
  check(!/[^\u0000-\u00ff]/.test(rows), 'Testdaten lassen sich als Windows-1252 schreiben');
  const variants = { 'utf8_bom': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rows, 'utf8')]), 'windows1252': Buffer.from(rows, 'latin1') };
  for (const [name, bytes] of Object.entries(variants)) {
    const csvPath = join(work, `weiterleitungen_${name}.csv`);
    writeFileSync(csvPath, bytes);
    const expected = JSON.parse(cli(['weiterleitung', '--json', '--stichtag', '15.07.2023', '--bescheid', bescheid, csvPath]).stdout);
    await page.goto(desk.url + '/finanzen');
    if (name === 'utf8_bom') await audit(page, 'finanzen');
    await page.getByLabel('Zuwendungsbescheid (YAML-Datei)').setInputFiles(bescheid);
    await page.getByLabel('Weiterleitungen (CSV aus Excel oder YAML)').setInputFiles(csvPath);
    await page.getByLabel('Prüfdatum').fill('15.07.2023');
    await page.getByRole('button', { name: 'Prüfen', exact: true }).click();
    await page.waitForLoadState();
    const verdict = await page.locator('.urteil-titel').textContent();
    check(verdict.trim() === expected.ergebnis, `Finanzen ${name}: „${verdict}“ ≠ „${expected.ergebnis}“`);
    const tableRows = await page.$$eval('table', (tables) => {
      const t = tables.find((x) => x.querySelector('caption')?.textContent.startsWith('Weiterleitungen'));
      return Array.from(t.querySelectorAll('tbody tr:not(.unterzeile)')).map((r) => Array.from(r.cells).map((c) => c.textContent.trim()));
    });
    check(tableRows.length === expected.weiterleitungen.length, `Finanzen ${name}: ${tableRows.length} Zeilen statt ${expected.weiterleitungen.length}`);
    expected.weiterleitungen.forEach((w, i) => {
      check(tableRows[i][0] === w.nr && tableRows[i][tableRows[i].length - 1] === w.ergebnis, `Finanzen ${name}: Zeile ${i + 1} ${tableRows[i]}`);
      check(tableRows[i].includes(germanEuro(w.betrag)), `Finanzen ${name}: Betrag von ${w.nr}`);
    });
    const leftOut = await page.locator('.ausgelassen tbody tr').allTextContents();
    check(leftOut.length === expected.ausgelassen.length && leftOut.length > 0, `Finanzen ${name}: nicht gelesene Zeilen ${leftOut.length}`);
    check(leftOut[0].includes(String(expected.ausgelassen[0].zeile)) && leftOut[0].includes('31.02.2021'), `Finanzen ${name}: Zeile und Grund der nicht gelesenen Zeile: ${leftOut[0]}`);
    if (name === 'utf8_bom') {
      await audit(page, 'finanzen_bericht');
      await page.screenshot({ path: join(screenshots, 'readme_finanzen.png') });
    }
    // The CSV download equals `klappt weiterleitung --csv`.
    const cliCsv = join(work, `bericht_${name}.csv`);
    cli(['weiterleitung', '--stichtag', '15.07.2023', '--csv', cliCsv, '--bescheid', bescheid, csvPath]);
    const csrf = await page.locator('input[name=csrf]').first().getAttribute('value');
    const download = await page.request.post(desk.url + '/finanzen', { multipart: {
      csrf, stichtag: '15.07.2023', ausgabe: 'csv',
      bescheid: { name: 'bescheid.yaml', mimeType: 'application/yaml', buffer: readFileSync(bescheid) },
      weiterleitungen: { name: `weiterleitungen_${name}.csv`, mimeType: 'text/csv', buffer: bytes } } });
    check(download.headers()['content-disposition']?.includes('attachment'), `Finanzen ${name}: CSV als Download`);
    check(Buffer.compare(Buffer.from(await download.body()), readFileSync(cliCsv)) === 0, `Finanzen ${name}: CSV ≠ klappt weiterleitung --csv`);
  }

  // ---- 6. Zwischenbilanz of the stored cases equals `klappt report` -------------------------
  const bilanzCases = join(work, 'bilanz.yaml');
  writeFileSync(bilanzCases, [readFileSync(join(work, 'fall2.yaml'), 'utf8'), readFileSync(join(work, 'fall3.yaml'), 'utf8')].join('---\n'));
  const reportCli = join(work, 'bilanz_cli.csv');
  cli(['report', '--stichtag', '30.09.2022', '--csv', reportCli, bilanzCases]);
  await page.goto(desk.url + '/bilanz?stichtag=30.09.2022');
  await audit(page, 'bilanz');
  const csvResponse = await page.request.get(desk.url + '/bilanz?stichtag=30.09.2022&format=csv');
  check(Buffer.compare(Buffer.from(await csvResponse.body()), readFileSync(reportCli)) === 0, 'Zwischenbilanz-CSV ≠ klappt report --csv');

  // ---- 7. The other pages ------------------------------------------------------------------
  await page.goto(desk.url + '/faelle');
  await audit(page, 'faelle');
  await page.getByLabel('Fall suchen (Kennung)').fill('OHNE-JS');
  await page.getByRole('button', { name: 'Suchen' }).click();
  check((await page.locator('tbody tr').count()) === 1, 'Suche findet genau den einen Fall');
  await page.goto(desk.url + '/regeln');
  await audit(page, 'regeln');
  // The Prüfprotokoll in the desk's data file holds the checks and the decision (issue 11).
  const db = join(desk.data, 'klappt.sqlite');
  const before = cli(['protokoll', 'zeigen', db, '--fall', 'E2E-0042', '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l));
  const decision = before.find((r) => r.art === 'entscheidung');
  check(decision && decision.entscheidung === 'abweichend' && decision.grund.includes('Krankheit'), 'Entscheidung steht im Prüfprotokoll');
  const decided = before.find((r) => r.nr === decision.bezieht_sich_auf);
  check(decided && decided.art === 'pruefung' && decided.regeln_sha256 === cliResult.regeln.sha256, 'die Entscheidung nennt die Prüfung, auf der sie beruht');
  check(cli(['replay', db, String(decided.nr)]).status === 0, 'klappt replay der Prüfung aus dem KI-Desk ist byte-gleich');
  // Deleting the case removes its facts from the Prüfprotokoll as well (Art. 17 DSGVO); the chain still verifies.
  await page.goto(caseUrl + '/loeschen');
  await audit(page, 'fall_loeschen');
  await page.getByRole('button', { name: 'Endgültig löschen' }).click();
  await page.waitForURL(/geloescht=1/);
  const after = cli(['protokoll', 'zeigen', db, '--fall', 'E2E-0042', '--json']).stdout;
  check(after.includes('"art":"loeschung"'), 'Löschvermerk im Prüfprotokoll');
  for (const secret of ['2001-05-17', 'Amira', 'Krankheit']) check(!after.includes(secret), `Prüfprotokoll enthält nach dem Löschen noch „${secret}“`);
  const verified = cli(['protokoll', 'pruefen', db]);
  check(verified.status === 0, 'klappt protokoll pruefen nach dem Löschen: ' + verified.stdout + verified.stderr);
} catch (e) {
  console.error(e);
  process.exitCode = 1;
  throw e;
} finally {
  await browser.close();
  await desk.stop();
}

// ---- 8. No personal data in the log -----------------------------------------------------------
const log = readFileSync(join(desk.data, 'ereignisse.log'), 'utf8');
const dbLog = execFileSync('sqlite3', [join(desk.data, 'klappt.sqlite'), 'SELECT * FROM ereignisse'], { encoding: 'utf8' });
for (const secret of ['17.05.2001', '2001-05-17', '03.02.1999', '1999-02-03', 'Amira', 'Haddad', 'Krankheit'])
  for (const [name, text] of [['ereignisse.log', log], ['Ereignistabelle', dbLog], ['Serverausgabe', desk.output()]])
    check(!text.includes(secret), `${name} enthält „${secret}“`);
check(log.includes('Fall geändert') && log.includes('Entscheidung erfasst (abweichend)'), 'Änderungen und Entscheidungen stehen im Protokoll');
console.log(`web.e2e: in Ordnung – ${audited.size} Seiten ohne WCAG-2.1-AA-Verstoß (axe-core), Screenshots in ${screenshots}`);
