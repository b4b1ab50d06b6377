#!/usr/bin/env node
// Rebuilds data/contours/<département>.json: the communes' outlines the decision map draws.
//
//   node scripts/commune-contours.mjs <france-geojson> [département…]
//
// <france-geojson>: a copy of the GitHub repository gregoiredavid/france-geojson (commit
//   5d34ee6d0140c29f785fdb047d9329f1aab58833, 2018-10-16), whose departements/<code>-<name>/
//   communes-<code>-<name>.geojson files are IGN's ADMIN EXPRESS COG 2018 outlines, simplified by
//   its author (Visvalingam weighted, 25 %). Licence Ouverte / Open Licence (Etalab), as IGN's data.
// [département…]: codes to rebuild (default: every département found).
//
// What it does, per département:
//  1. builds a TopoJSON topology of the 2018 communes (shared borders become shared arcs);
//  2. simplifies it further for a map a phone shows at about 360 px (spherical area weights);
//  3. maps 2018 INSEE codes onto today's communes with @etalab/decoupage-administratif (a commune
//     merged since 2018 is usually a « commune déléguée » of the new one) and merges their shapes;
//  4. adds the département's outline (the union of its communes), drops unused arcs, quantizes.
// Needs the devDependencies topojson-server, topojson-simplify and topojson-client.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { topology } from 'topojson-server';
import { presimplify, simplify, sphericalTriangleArea } from 'topojson-simplify';
import { mergeArcs, quantize } from 'topojson-client';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'data', 'contours');
const SOURCE =
	"IGN, ADMIN EXPRESS COG édition 2018 (contours des communes), as simplified and published in GeoJSON by the GitHub repository gregoiredavid/france-geojson, commit 5d34ee6d0140c29f785fdb047d9329f1aab58833 (2018-10-16); simplified again, mapped onto today's communes (INSEE COG of @etalab/decoupage-administratif 6.0.0) and quantized by scripts/commune-contours.mjs.";
const LICENCE = 'Licence Ouverte / Open Licence (Etalab) 2.0 — IGN, ADMIN EXPRESS COG 2018.';
/** Spherical triangle area (steradians) under which a point is dropped: about (600 m)² on the ground, a pixel or two of a phone map. */
const MIN_WEIGHT = (0.6 / 6371) ** 2;
/** Grid of the quantized coordinates: 2,000 steps across the département (≈ 60–100 m a step). */
const QUANTIZATION = 2000;

const [sourceDir, ...wanted] = process.argv.slice(2);
if (!sourceDir) {
	console.error('usage: node scripts/commune-contours.mjs <france-geojson> [département…]');
	process.exit(1);
}

// Today's communes, and where each 2018 code went (itself, or the commune it was merged into).
const cog = require('@etalab/decoupage-administratif/data/communes.json');
const current = new Map();
const target = new Map();
for (const c of cog) if (c.type === 'commune-actuelle' && c.departement) current.set(c.code, c);
for (const c of cog) {
	if (c.type === 'commune-actuelle') target.set(c.code, c.code);
	else if ((c.type === 'commune-deleguee' || c.type === 'commune-associee') && c.chefLieu && !target.has(c.code)) target.set(c.code, c.chefLieu);
}

/** Keeps the arcs the objects use, renumbered (merged borders leave unused arcs behind). */
function pruneArcs(topo) {
	const used = new Map();
	const renumber = (i) => {
		const index = i < 0 ? ~i : i;
		if (!used.has(index)) used.set(index, used.size);
		const n = used.get(index);
		return i < 0 ? ~n : n;
	};
	const walk = (geometry) => {
		if (geometry.type === 'GeometryCollection') geometry.geometries.forEach(walk);
		else if (geometry.type === 'Polygon') geometry.arcs = geometry.arcs.map((ring) => ring.map(renumber));
		else if (geometry.type === 'MultiPolygon') geometry.arcs = geometry.arcs.map((polygon) => polygon.map((ring) => ring.map(renumber)));
	};
	Object.values(topo.objects).forEach(walk);
	const arcs = new Array(used.size);
	for (const [old, n] of used) arcs[n] = topo.arcs[old];
	return { ...topo, arcs };
}

function build(code, file) {
	const collection = JSON.parse(readFileSync(file, 'utf8'));
	const features = collection.features.filter((f) => f.geometry);
	const topo = simplify(presimplify(topology({ communes: { type: 'FeatureCollection', features } }), sphericalTriangleArea), MIN_WEIGHT);
	// Drop the weights (a third coordinate) presimplify added.
	topo.arcs = topo.arcs.map((arc) => arc.map(([x, y]) => [x, y]));
	const byCommune = new Map();
	const unmatched = [];
	for (const geometry of topo.objects.communes.geometries) {
		const to = target.get(geometry.properties.code);
		if (!to || !current.has(to)) {
			unmatched.push(geometry.properties.code);
			continue;
		}
		if (!byCommune.has(to)) byCommune.set(to, []);
		byCommune.get(to).push(geometry);
	}
	const geometries = [...byCommune]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([id, parts]) => ({ ...(parts.length === 1 ? { type: parts[0].type, arcs: parts[0].arcs } : mergeArcs(topo, parts)), id }));
	const outline = mergeArcs(topo, topo.objects.communes.geometries);
	const pruned = pruneArcs({ type: 'Topology', arcs: topo.arcs, objects: { communes: { type: 'GeometryCollection', geometries }, outline } });
	const quantized = quantize(pruned, QUANTIZATION);
	const expected = [...current.values()].filter((c) => c.departement === code).map((c) => c.code);
	const missing = expected.filter((c) => !byCommune.has(c));
	return {
		source: SOURCE,
		licence: LICENCE,
		departement: code,
		communes: geometries.length,
		missing,
		...quantized,
		unmatched2018: unmatched,
	};
}

mkdirSync(OUT, { recursive: true });
const folders = readdirSync(join(sourceDir, 'departements')).sort();
let total = 0;
for (const folder of folders) {
	const code = folder.split('-')[0];
	if (wanted.length && !wanted.includes(code)) continue;
	const file = readdirSync(join(sourceDir, 'departements', folder)).find((f) => f.startsWith('communes-'));
	if (!file) continue;
	const data = build(code, join(sourceDir, 'departements', folder, file));
	const text = JSON.stringify(data);
	writeFileSync(join(OUT, `${code}.json`), text + '\n');
	total += text.length + 1;
	console.log(`${code}: ${data.communes} communes, ${data.missing.length} without outline, ${(text.length / 1024).toFixed(0)} KiB`);
}
console.log(`total ${(total / 1024 / 1024).toFixed(2)} MiB`);
