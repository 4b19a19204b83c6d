// Checks a PNG rendered from a zeitachse SVG: its size, and that it is not blank — enough
// dark pixels (text, bars), enough white (not one filled area), and some of the mid grey or
// green of the bars.  Decodes the PNG with node's zlib (8-bit RGB/RGBA, no interlace, as
// rsvg-convert writes it).
//   node png_check.mjs FILE.png MIN_WIDTH MAX_WIDTH MIN_HEIGHT MAX_HEIGHT
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

const [file, minW, maxW, minH, maxH] = process.argv.slice(2);
const fail = (message) => { console.error(`${file}: ${message}`); process.exit(1); };
const png = readFileSync(file);
if (png.readUInt32BE(0) !== 0x89504e47) fail('keine PNG-Datei');
let offset = 8, width = 0, height = 0, depth = 0, type = 0, interlace = 0;
const idat = [];
while (offset < png.length) {
  const length = png.readUInt32BE(offset);
  const kind = png.toString('ascii', offset + 4, offset + 8);
  const data = png.subarray(offset + 8, offset + 8 + length);
  if (kind === 'IHDR') {
    width = data.readUInt32BE(0); height = data.readUInt32BE(4);
    depth = data[8]; type = data[9]; interlace = data[12];
  } else if (kind === 'IDAT') idat.push(data);
  offset += 12 + length;
}
if (depth !== 8 || (type !== 2 && type !== 6) || interlace !== 0) fail(`unerwartetes PNG-Format (Tiefe ${depth}, Typ ${type})`);
if (width < +minW || width > +maxW) fail(`Breite ${width} px, erwartet ${minW}–${maxW}`);
if (height < +minH || height > +maxH) fail(`Höhe ${height} px, erwartet ${minH}–${maxH}`);
const channels = type === 6 ? 4 : 3;
const raw = inflateSync(Buffer.concat(idat));
const stride = width * channels;
const pixels = Buffer.alloc(height * stride);
for (let y = 0; y < height; y++) {
  const filter = raw[y * (stride + 1)];
  for (let x = 0; x < stride; x++) {
    const v = raw[y * (stride + 1) + 1 + x];
    const a = x >= channels ? pixels[y * stride + x - channels] : 0;
    const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
    const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
    let p = 0;
    if (filter === 1) p = a;
    else if (filter === 2) p = b;
    else if (filter === 3) p = (a + b) >> 1;
    else if (filter === 4) {
      const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
      p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    pixels[y * stride + x] = (v + p) & 255;
  }
}
let dark = 0, white = 0, mid = 0;
for (let i = 0; i < width * height; i++) {
  const alpha = channels === 4 ? pixels[i * 4 + 3] : 255;
  const [r, g, b] = [0, 1, 2].map((k) => pixels[i * channels + k]);
  // Transparent counts as white paper.
  const luma = alpha < 128 ? 255 : (299 * r + 587 * g + 114 * b) / 1000;
  if (luma < 100) dark++;
  else if (luma > 240) white++;
  else mid++;
}
const total = width * height;
const share = (n) => (100 * n / total).toFixed(1);
console.log(`${file}: ${width}×${height} px, dunkel ${share(dark)} %, mittel ${share(mid)} %, weiß ${share(white)} %`);
if (dark < total * 0.01) fail('fast keine dunklen Pixel – leer?');
if (white < total * 0.5) fail('weniger als die Hälfte weiß – eine Fläche statt eines Diagramms?');
if (mid < total * 0.01) fail('keine Balken oder Flächen in Grau/Grün');
