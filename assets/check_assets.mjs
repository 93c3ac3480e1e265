#!/usr/bin/env node
// Checks what assets/ says against what the build and the UI use. Exits 1 on the first kind of mismatch it
// finds (after printing every mismatch), 0 when all is well. Needs the packages of the manifest installed
// (bash tools/install-deps.sh).
//
//   node assets/check_assets.mjs            check everything
//   node assets/check_assets.mjs --write    regenerate assets/icons.txt from src/ui/toolkit/icons.h, then check
//
// 1. assets/manifest.tsv: 7 TAB-separated fields per line; kind font|sound; every source file exists and
//    belongs to the Debian package the line names (dpkg -S); shipped names unique per kind.
// 2. Icons: src/ui/toolkit/icons.h keeps each icon in three places (ICON_ macro, ui::icon constant,
//    kCodepoints). The three must agree, each UTF-8 string must be the code point its comment names, each
//    code point must be in the shipped Fork Awesome font (its cmap) and be an icon of Fork Awesome's own
//    CSS (a note says when the CSS calls it by another name than the project does). assets/icons.txt is
//    the list generated from icons.h; it must be current.
// 3. Help articles, assets/help/*.md: a front matter with title, audience (patient|doctor|everyone) and
//    tags, a kebab-case file name, and a body.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const assets = dirname(fileURLToPath(import.meta.url));
const root = dirname(assets);
const write = process.argv.includes('--write');
const problems = [];
const problem = (what) => problems.push(what);
const notes = [];  // worth knowing, not wrong

// ---- 1. The manifest -----------------------------------------------------------------------------------
const manifestPath = join(assets, 'manifest.tsv');
const manifest = [];
readFileSync(manifestPath, 'utf8').split('\n').forEach((line, i) => {
  if (line === '' || line.startsWith('#')) return;
  const where = `assets/manifest.tsv:${i + 1}`;
  const f = line.split('\t');
  if (f.length !== 7) return problem(`${where}: ${f.length} fields, expected 7 (TAB-separated)`);
  const [kind, pkg, source, shipsAs, licence, copyright, purpose] = f;
  if (!['font', 'sound'].includes(kind)) problem(`${where}: kind "${kind}" is neither font nor sound`);
  if (f.some((x) => x.includes(';'))) problem(`${where}: ";" would split the line in CMake`);
  if (!source.startsWith('/')) problem(`${where}: source must be an absolute path`);
  if (!/^[A-Za-z0-9._-]+$/.test(shipsAs)) problem(`${where}: ships_as "${shipsAs}" must be a plain file name`);
  if (!licence || !copyright || !purpose) problem(`${where}: licence, copyright and purpose must not be empty`);
  if (!existsSync(source)) {
    problem(`${where}: ${source} is missing (Debian package ${pkg}: bash tools/install-deps.sh)`);
  } else {
    let owner = '';
    try {
      owner = execFileSync('dpkg', ['-S', source], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      owner = '';
    }
    if (!owner.split(':')[0].split(', ').includes(pkg)) {
      problem(`${where}: ${source} belongs to "${owner.split(':')[0] || 'no package'}", not ${pkg}`);
    }
  }
  manifest.push({ kind, pkg, source, shipsAs });
});
for (const kind of ['font', 'sound']) {
  const names = manifest.filter((m) => m.kind === kind).map((m) => m.shipsAs);
  const dup = names.filter((n, i) => names.indexOf(n) !== i);
  if (dup.length) problem(`assets/manifest.tsv: ${kind} names shipped twice: ${dup.join(', ')}`);
}

// ---- 2. Icons ------------------------------------------------------------------------------------------
const iconsH = readFileSync(join(root, 'src/ui/toolkit/icons.h'), 'utf8');
const decode = (escaped) => {
  const bytes = Buffer.from(escaped.split('\\x').filter(Boolean).map((h) => parseInt(h, 16)));
  const text = bytes.toString('utf8');
  return [...text].length === 1 ? text.codePointAt(0) : -1;
};
const hex = (cp) => 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');

const macros = [...iconsH.matchAll(/#define ICON_(\w+) "((?:\\x[0-9a-fA-F]{2})+)"\s*\/\/\s*U\+([0-9A-Fa-f]+)/g)].map(
  (m) => ({ name: m[1].toLowerCase(), cp: decode(m[2]), comment: parseInt(m[3], 16) }),
);
const constants = [
  ...iconsH.matchAll(/inline constexpr const char\* (\w+) = "((?:\\x[0-9a-fA-F]{2})+)";\s*\/\/\s*U\+([0-9A-Fa-f]+)/g),
].map((m) => ({ name: m[1], cp: decode(m[2]), comment: parseInt(m[3], 16) }));
const listMatch = iconsH.match(/kCodepoints\[\]\s*=\s*\{([^}]*)\}/);
const codepoints = listMatch ? [...listMatch[1].matchAll(/0x([0-9a-fA-F]+)/g)].map((m) => parseInt(m[1], 16)) : [];

if (macros.length === 0) problem('src/ui/toolkit/icons.h: no ICON_ macros found (has its format changed?)');
for (const [what, list] of [['ICON_ macro', macros], ['ui::icon constant', constants]]) {
  for (const i of list) {
    if (i.cp !== i.comment) problem(`icons.h: ${what} ${i.name} encodes ${hex(i.cp)} but its comment says ${hex(i.comment)}`);
  }
}
const byName = (list) => new Map(list.map((i) => [i.name, i.cp]));
const macroMap = byName(macros);
const constMap = byName(constants);
for (const [name, cp] of macroMap) {
  if (!constMap.has(name)) problem(`icons.h: ICON_${name.toUpperCase()} has no ui::icon::${name}`);
  else if (constMap.get(name) !== cp) problem(`icons.h: ICON_${name.toUpperCase()} and ui::icon::${name} differ`);
  if (!codepoints.includes(cp)) problem(`icons.h: ${hex(cp)} (${name}) is not in kCodepoints, so it is never rasterized`);
}
for (const name of constMap.keys()) if (!macroMap.has(name)) problem(`icons.h: ui::icon::${name} has no ICON_ macro`);
for (const cp of codepoints) {
  if (![...macroMap.values()].includes(cp)) problem(`icons.h: kCodepoints has ${hex(cp)}, which no icon uses`);
}

// The shipped icon font's character map (format 4 subtable of the cmap table).
const fontLine = manifest.find((m) => m.shipsAs === 'forkawesome-webfont.ttf');
const inFont = (() => {
  if (!fontLine || !existsSync(fontLine.source)) return null;
  const ttf = readFileSync(fontLine.source);
  const tables = ttf.readUInt16BE(4);
  let cmap = -1;
  for (let t = 0; t < tables; t++) {
    if (ttf.toString('latin1', 12 + 16 * t, 16 + 16 * t) === 'cmap') cmap = ttf.readUInt32BE(12 + 16 * t + 8);
  }
  if (cmap < 0) return null;
  const subtables = ttf.readUInt16BE(cmap + 2);
  for (let s = 0; s < subtables; s++) {
    const platform = ttf.readUInt16BE(cmap + 4 + 8 * s);
    const encoding = ttf.readUInt16BE(cmap + 6 + 8 * s);
    const at = cmap + ttf.readUInt32BE(cmap + 8 + 8 * s);
    if (platform !== 3 || encoding !== 1 || ttf.readUInt16BE(at) !== 4) continue;
    const segs = ttf.readUInt16BE(at + 6) / 2;
    const ends = at + 14, starts = ends + 2 * segs + 2, deltas = starts + 2 * segs, offsets = deltas + 2 * segs;
    return (cp) => {
      for (let i = 0; i < segs; i++) {
        const end = ttf.readUInt16BE(ends + 2 * i), start = ttf.readUInt16BE(starts + 2 * i);
        if (cp < start || cp > end) continue;
        const delta = ttf.readInt16BE(deltas + 2 * i), off = ttf.readUInt16BE(offsets + 2 * i);
        if (off === 0) return ((cp + delta) & 0xffff) !== 0;
        const glyph = ttf.readUInt16BE(offsets + 2 * i + off + 2 * (cp - start));
        return glyph !== 0;
      }
      return false;
    };
  }
  return null;
})();
if (!inFont) problem('cannot read the character map of the Fork Awesome font named in the manifest');

// Fork Awesome's own names: `.fa-user-md:before { content: "\f0f0"; }` (aliases share one rule).
const css = '/usr/share/fonts-fork-awesome/css/fork-awesome.css';
const cssNames = new Map();
if (existsSync(css)) {
  for (const m of readFileSync(css, 'utf8').matchAll(/((?:\.fa-[\w-]+:before,?\s*)+)\{\s*content:\s*"\\([0-9a-fA-F]+)"/g)) {
    for (const n of m[1].matchAll(/\.fa-([\w-]+):before/g)) cssNames.set(n[1], parseInt(m[2], 16));
  }
} else {
  problem(`${css} is missing (Debian package fonts-fork-awesome)`);
}

const lines = [];
for (const i of macros) {
  const fa = 'fa-' + i.name.replace(/_/g, '-');
  if (inFont && !inFont(i.cp)) problem(`icons.h: ${i.name} ${hex(i.cp)} is not in ${fontLine.source}`);
  // The project's name need not be Fork Awesome's (ui::icon::bell is Fork Awesome's fa-bell-o): icons.txt
  // records Fork Awesome's class of the code point, and a glyph with no class at all is a mistake.
  const faName = cssNames.get(fa.slice(3)) === i.cp ? fa : [...cssNames].filter(([, cp]) => cp === i.cp).map(([n]) => 'fa-' + n)[0];
  if (cssNames.size && !faName) problem(`icons.h: ${i.name} ${hex(i.cp)} is no Fork Awesome icon (not in ${css})`);
  if (faName && faName !== fa) notes.push(`${i.name} ${hex(i.cp)} is Fork Awesome's ${faName} (its ${fa} is another glyph)`);
  lines.push(`${i.name}\t${hex(i.cp)}\t${faName ?? '-'}`);
}
const iconsTxt =
  '# The Fork Awesome glyphs the UI uses: name in src/ui/toolkit/icons.h (ICON_<NAME>, ui::icon::<name>),\n' +
  '# code point, and Fork Awesome\'s own class for it. Generated by `node assets/check_assets.mjs --write`\n' +
  '# from icons.h; the check fails when the two disagree. Only these code points are rasterized.\n' +
  '#name\tcode_point\tfork_awesome\n' +
  lines.join('\n') + '\n';
const iconsPath = join(assets, 'icons.txt');
if (write) {
  writeFileSync(iconsPath, iconsTxt);
  console.log(`wrote assets/icons.txt (${lines.length} icons)`);
} else if (!existsSync(iconsPath) || readFileSync(iconsPath, 'utf8') !== iconsTxt) {
  problem('assets/icons.txt is not what src/ui/toolkit/icons.h lists: run node assets/check_assets.mjs --write');
}

// ---- 3. Help articles ----------------------------------------------------------------------------------
const helpDir = join(assets, 'help');
const articles = existsSync(helpDir) ? readdirSync(helpDir).filter((f) => f.endsWith('.md')).sort() : [];
if (articles.length === 0) problem('assets/help/ has no articles');
for (const file of articles) {
  const where = `assets/help/${file}`;
  if (!/^[a-z0-9]+(-[a-z0-9]+)*\.md$/.test(file)) problem(`${where}: file names are kebab-case`);
  const text = readFileSync(join(helpDir, file), 'utf8');
  const m = text.match(/^---\n([\s\S]*?)\n---\n([\s\S]*)$/);
  if (!m) {
    problem(`${where}: no front matter (--- … ---) at the top`);
    continue;
  }
  const fields = Object.fromEntries(
    m[1].split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  const known = ['title', 'audience', 'tags'];
  for (const k of Object.keys(fields)) if (!known.includes(k)) problem(`${where}: unknown front-matter field "${k}"`);
  if (!fields.title) problem(`${where}: no title`);
  if (!['patient', 'doctor', 'everyone'].includes(fields.audience)) {
    problem(`${where}: audience must be patient, doctor or everyone (is "${fields.audience ?? ''}")`);
  }
  if (!/^\[\s*[a-z0-9-]+(\s*,\s*[a-z0-9-]+)*\s*\]$/.test(fields.tags ?? '')) {
    problem(`${where}: tags must be a list like [booking, credits] (lower-case, kebab-case)`);
  }
  if (m[2].trim().length < 200) problem(`${where}: the article is nearly empty`);
}

// ---- Result --------------------------------------------------------------------------------------------
for (const n of notes) console.log(`note: ${n}`);
if (problems.length) {
  for (const p of problems) console.error(`check_assets: ${p}`);
  process.exit(1);
}
console.log(
  `assets: ${manifest.length} manifest files (${manifest.filter((m) => m.kind === 'font').length} fonts, ` +
    `${manifest.filter((m) => m.kind === 'sound').length} sounds), ${macros.length} icons, ${articles.length} help articles: ok`,
);
