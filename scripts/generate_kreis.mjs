#!/usr/bin/env node
// Generates the SYNTHETIC caseload of a Kreis for the Zwischenbilanz (klappt report):
// examples/kreis/rhein_kreis_synthetisch.yaml.  No real person is in it.  The figures are
// modelled on the Rhein-Kreis Neuss interim report (Richtlinie section 5, seed 001):
// 255 admitted, 191 placed with providers — 140 coaching (F1), 14 Hauptschulabschluss (F3),
// 17 job-related language support (F2), 17 literacy courses (F4) and 3 in an
// Innovationsfonds project (F5, our assumption for the 3 placements the text leaves open) —
// plus 12 inquiries that could not be admitted (Gefährder, Landeseinrichtung, too old,
// SGB II without the JC/AA agreement).
//
// Deterministic: a fixed seed and its own PRNG (mulberry32), so every run writes the same
// file byte for byte.  Usage:
//   node scripts/generate_kreis.mjs            writes the file
//   node scripts/generate_kreis.mjs --stdout   prints it (the test diffs this with the file)
import { writeFileSync, renameSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const SEED = 20220930;
const STICHTAG = "2022-09-30";
const KOMMUNE = "Rhein-Kreis Neuss (synthetisch)";
const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "examples", "kreis", "rhein_kreis_synthetisch.yaml");

function mulberry32(a) {
  return function () {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));  // inclusive
const chance = (p) => random() < p;
const pick = (items) => items[int(0, items.length - 1)];

// ---- dates (UTC days, ISO text) ----
const DAY = 86400000;
const parse = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const addDays = (s, n) => iso(parse(s) + n * DAY);
const between = (a, b) => addDays(a, int(0, Math.round((parse(b) - parse(a)) / DAY)));
const monday = (s) => {  // the Monday on or after s
  const d = new Date(parse(s)).getUTCDay();
  return addDays(s, (8 - d) % 7);
};
// Birth date such that the person is `age` years old on day `on` (never 29 February).
function bornFor(age, on) {
  const y = +on.slice(0, 4) - age - 1;
  let b = between(`${y}-01-01`, `${y + 1}-12-31`);
  while (!(ageOn(b, on) === age) || b.slice(5) === "02-29") b = between(`${y}-01-01`, `${y + 1}-12-31`);
  return b;
}
function ageOn(birth, on) {
  let a = +on.slice(0, 4) - +birth.slice(0, 4);
  if (on.slice(5) < birth.slice(5)) a -= 1;
  return a;
}

// ---- the persons ----
const cases = [];
let number = 0;
function person(extra = {}) {
  const woman = chance(0.3);
  return {
    geschlecht: woman ? "w" : chance(0.02) ? "d" : "m",
    aufenthaltsstatus: chance(0.62) ? "duldung" : "gestattung",
    ...extra,
  };
}
function add(kind, p, measures) {
  number += 1;
  cases.push({ kind, id: `RKN-SYN-${String(number).padStart(4, "0")}`, person: p, measures });
}

// A measure entered by a person aged 18–27 on entry; returns [birth date, measure].
function entryAged(entry) { return bornFor(int(18, 26), entry); }

const MEASURE_FROM = "2020-04-06";  // the KI started in April 2020 (seed 001)
const LAST_ENTRY = "2022-09-19";

function coaching() {
  const beginn = between(MEASURE_FROM, "2022-06-30");
  const eintritt = addDays(beginn, int(0, 20));
  const ende = addDays(beginn, int(180, 365));
  const m = { baustein: "F1", beginn, ende, eintritt, traegerart: "bildungstraeger" };
  if (chance(0.25)) m.fahrtkosten_monat = pick(["29.00", "49.00", "49.00", "75.50"]);
  return m;
}
function language(p) {  // F2, alongside work or training
  p.erwerbstaetig_oder_in_ausbildung = true;
  const beginn = monday(between(MEASURE_FROM, "2022-08-31"));
  return { baustein: "F2", beginn, ende: addDays(beginn, int(120, 300)), eintritt: addDays(beginn, int(0, 14)),
           traegerart: "bildungstraeger", ...(chance(0.4) ? { fahrtkosten_monat: "49.00" } : {}) };
}
function hauptschulabschluss(p) {  // F3
  const beginn = monday(pick(["2020-08-17", "2021-01-11", "2021-08-23", "2022-01-10", "2022-08-22"]));
  const late = chance(0.2);
  const m = { baustein: "F3", beginn, ende: addDays(beginn, int(300, 340)),
              eintritt: addDays(beginn, late ? int(56, 90) : int(0, 40)),
              traegerart: pick(["vhs", "vhs", "weiterbildung_14_wbg", "schultraeger_apo_wbk", "berufskolleg_teilzeit_av"]) };
  if (chance(0.5)) m.fahrtkosten_monat = "49.00";
  if (p.kinder) m.kinderbetreuung = true;
  return m;
}
function literacy(p) {  // F4 Alphabetisierungskurs
  const beginn = monday(between(MEASURE_FROM, "2022-09-12"));
  const m = { baustein: "F4", beginn, ende: addDays(beginn, int(120, 330)),
              eintritt: addDays(beginn, chance(0.15) ? int(56, 80) : int(0, 30)),
              traegerart: pick(["vhs", "bildungstraeger", "weiterbildung_14_wbg"]),
              unterrichtsstunden: pick([200, 240, 300, 400, 600]) };
  if (chance(0.5)) m.pruefungsgebuehren = pick(["85.00", "120.00", "150.00"]);
  if (chance(0.5)) m.fahrtkosten_monat = pick(["49.00", "49.00", "62.00"]);
  if (p.kinder) m.kinderbetreuung = true;
  return m;
}
function innovation() {  // F5 model project
  const beginn = "2021-09-01";
  return { baustein: "F5", beginn, ende: "2022-08-31", eintritt: addDays(beginn, int(0, 60)) };
}
function withChild(p, entry) {
  if (p.geschlecht === "w" && chance(0.3)) p.kinder = [{ geburtsdatum: between(addDays(entry, -5 * 365), addDays(entry, -200)) }];
}
function measureEntry(m) {
  if (m.eintritt > LAST_ENTRY) m.eintritt = LAST_ENTRY < m.beginn ? m.beginn : LAST_ENTRY;
  if (m.eintritt > m.ende) m.eintritt = m.ende;
  return m;
}

function placed(kind, make, count) {
  for (let i = 0; i < count; i++) {
    const p = person();
    const m = measureEntry(make(p));
    p.geburtsdatum = entryAged(m.eintritt);
    withChild(p, m.eintritt);
    if ((m.baustein === "F3" || m.baustein === "F4") && p.kinder) m.kinderbetreuung = true;
    const measures = [m];
    // Some also applied for a measure that is not fundable (the report must not count it).
    if (kind === "F1" && i % 35 === 7) measures.push({ ...hauptschulabschluss(p), traegerart: "bildungstraeger" });
    if (kind === "F1" && i % 47 === 3) { p.beschaeftigungsverbot = true; measures.push(language(p)); p.erwerbstaetig_oder_in_ausbildung = false; }
    // A few are in the secondary target group (SGB II with the JC/AA agreement).
    if (i % 23 === 11) Object.assign(p, { aufenthaltsstatus: "aufenthaltserlaubnis", anspruch_sgb2: true, abstimmung_jc_aa: true });
    add(kind, p, measures.map(measureEntry));
  }
}

placed("F1", coaching, 140);
placed("F3", hauptschulabschluss, 14);
placed("F2", language, 17);
placed("F4", literacy, 17);
placed("F5", innovation, 3);
// Admitted, not (yet) placed: in the target group on the check date, no measure.
for (let i = 0; i < 64; i++) {
  const p = person({ geburtsdatum: bornFor(int(18, 27), STICHTAG) });
  if (i % 16 === 5) Object.assign(p, { aufenthaltsstatus: "eu_buerger", abstimmung_jc_aa: true });
  add("wartend", p, []);
}
// Inquiries that could not be admitted.
const rejected = [
  ["gefaehrder", { gefaehrder: true }],
  ["landeseinrichtung", { landeseinrichtung: true }], ["landeseinrichtung", { landeseinrichtung: true }],
  ["landeseinrichtung", { landeseinrichtung: true }],
  ["zu_alt", {}], ["zu_alt", {}], ["zu_alt", {}], ["zu_alt", {}],
  ["sgb2_ohne_abstimmung", { aufenthaltsstatus: "aufenthaltserlaubnis", anspruch_sgb2: true }],
  ["sgb2_ohne_abstimmung", { aufenthaltsstatus: "aufenthaltserlaubnis", anspruch_sgb2: true }],
  ["sgb2_ohne_abstimmung", { aufenthaltsstatus: "eu_buerger", anspruch_sgb2: true }],
  ["sgb2_ohne_abstimmung", { aufenthaltsstatus: "aufenthaltserlaubnis", anspruch_sgb2: true }],
];
for (const [kind, extra] of rejected) {
  const p = person({ geburtsdatum: bornFor(kind === "zu_alt" ? int(28, 31) : int(19, 26), STICHTAG), ...extra });
  add(kind, p, kind === "zu_alt" ? [] : [coaching()].map(measureEntry));
}

// ---- output: YAML, one document per case ----
const yamlValue = (v) => (typeof v === "number" ? String(v) : typeof v === "boolean" ? String(v) : v);
function flow(obj) {
  return "{" + Object.entries(obj).map(([k, v]) => `${k}: ${yamlValue(v)}`).join(", ") + "}";
}
const counts = {};
for (const c of cases) counts[c.kind] = (counts[c.kind] || 0) + 1;
let out = `# SYNTHETISCHE Fallliste eines Kreises – keine echten Personen.
# Erzeugt von scripts/generate_kreis.mjs (fester Startwert ${SEED}); nicht von Hand ändern,
# sondern das Skript anpassen und neu erzeugen.  Vorbild sind die Zahlen der Zwischenbilanz des
# Rhein-Kreises Neuss (Richtlinie Abschnitt 5, seed 001): 255 aufgenommene Personen, davon 191
# vermittelt (140 Coaching F1, 14 Hauptschulabschluss F3, 17 berufsbegleitende Sprachförderung F2,
# 17 Alphabetisierungskurse F4, 3 Innovationsfonds F5 – Annahme) und 64 noch ohne Maßnahme; dazu
# 12 Anfragen, die nicht aufgenommen werden konnten.  Stichtag ${STICHTAG}.
# Absicht des Generators je Fall (Kommentar „Art“): ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ")}.
`;
for (const c of cases) {
  out += `---\n# Art: ${c.kind}\nfall: ${c.id}\nstichtag: ${STICHTAG}\nkommune: {name: ${KOMMUNE}, haushaltssicherung: false}\nperson:\n`;
  const order = ["geburtsdatum", "geschlecht", "aufenthaltsstatus", "anspruch_sgb2", "abstimmung_jc_aa", "gefaehrder",
                 "landeseinrichtung", "beschaeftigungsverbot", "erwerbstaetig_oder_in_ausbildung"];
  for (const k of order) if (c.person[k] !== undefined) out += `  ${k}: ${yamlValue(c.person[k])}\n`;
  if (c.person.kinder) out += `  kinder:\n${c.person.kinder.map((k) => `    - ${flow(k)}\n`).join("")}`;
  if (c.measures.length) out += `massnahmen:\n${c.measures.map((m) => `  - ${flow(m)}\n`).join("")}`;
}

if (process.argv.includes("--stdout")) {
  process.stdout.write(out);
} else {
  const temp = `${OUT}.tmp-${process.pid}`;
  writeFileSync(temp, out);
  renameSync(temp, OUT);
  process.stderr.write(`geschrieben: ${OUT} (${cases.length} Fälle)\n`);
}
