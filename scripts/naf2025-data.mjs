#!/usr/bin/env node
// Rebuilds rules/naf2025.json and rules/naf-correspondence.json from INSEE's published files.
//
//   node scripts/naf2025-data.mjs <labels> <correspondence.csv>
//
// <labels>: the NAF 2025 sub-classes and their French labels, any text holding `"NN.NNL": "label"`
//   pairs (e.g. annuaire-entreprises-data-gouv-fr/site src/utils/helpers/formatting/metadata/
//   codes-naf-2025.ts, itself INSEE's « Structure NAF 2025 »), or a CSV `code,label`.
// <correspondence.csv>: INSEE's « Correspondances_NAFrev2-NAF2025.xlsx » (edition of January 2026,
//   https://www.insee.fr/fr/information/8181066) saved as CSV; the columns whose header starts with
//   `naf_rev2`/`Sous-classes NAF rév. 2` and `naf_2025`/`Sous-classes NAF 2025` are read.
import { readFileSync, writeFileSync } from 'node:fs';

const [labelsPath, correspondencePath] = process.argv.slice(2);
if (!labelsPath || !correspondencePath) {
	console.error('usage: node scripts/naf2025-data.mjs <labels> <correspondence.csv>');
	process.exit(1);
}
const CODE = /^\d{2}\.\d{2}[A-Z]$/;

const labels = {};
for (const m of readFileSync(labelsPath, 'utf8').matchAll(/"?(\d{2}\.\d{2}[A-Z])"?\s*[:,]\s*"((?:[^"\\]|\\.)*)"/g)) labels[m[1]] = m[2];

/** Splits one CSV line, quotes included (the correspondence's texts hold commas). */
function cells(line) {
	const out = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (quoted && c === '"' && line[i + 1] === '"') {
			cell += '"';
			i++;
		} else if (c === '"') quoted = !quoted;
		else if (c === ',' && !quoted) {
			out.push(cell);
			cell = '';
		} else cell += c;
	}
	return [...out, cell];
}
const [header, ...lines] = readFileSync(correspondencePath, 'utf8').trim().split(/\r?\n/);
const columns = cells(header).map((h) => h.trim().toLowerCase());
const rev2At = columns.findIndex((h) => h.startsWith('naf_rev2') || h.startsWith('sous-classes naf rév. 2'));
const n25At = columns.findIndex((h) => h.startsWith('naf_2025') || h.startsWith('sous-classes naf 2025'));
const table = {};
for (const line of lines) {
	const row = cells(line);
	const [rev2, n25] = [row[rev2At]?.trim(), row[n25At]?.trim()];
	if (!CODE.test(rev2 ?? '') || !CODE.test(n25 ?? '')) continue;
	if (!labels[n25]) throw new Error(`${n25} (from ${rev2}) is not in the NAF 2025 list`);
	const targets = (table[rev2] ??= []);
	if (!targets.includes(n25)) targets.push(n25);
}

const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
const update = (path, key, value) => {
	const file = JSON.parse(readFileSync(path, 'utf8'));
	file[key] = sorted(value);
	// One line per code: arrays of codes stay on their key's line.
	const json = JSON.stringify(file, null, '\t').replace(/\[\s+("[^"]*"(?:,\s+"[^"]*")*)\s+\]/g, (_, items) => `[${items.replace(/,\s+/g, ', ')}]`);
	writeFileSync(path, json + '\n');
	console.log(`${path}: ${Object.keys(value).length} entries`);
};
update('rules/naf2025.json', 'subclasses', labels);
update('rules/naf-correspondence.json', 'rev2ToNaf2025', table);
