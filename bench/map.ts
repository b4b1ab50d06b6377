/**
 * Decision map (`npm run bench -- map`): drawing the SVG of a decision against rendering it as the
 * PNG that workflow 12 answers, for one commune, an agglomération and a whole département of the
 * Puy-de-Dôme: time per map, size, and the PNG's cost as a ratio of the SVG's in the same run.
 */
import { communeByCode, communesOfDepartement, communesOfEpci } from '../nodes/shared/geo';
import { decisionMap, svgToPng, type DecisionMapData } from '../nodes/shared/targeting';

const ISSOIRE = '63178';
const ROUNDS = 20;

/** A decision whose recipients are `perCommune` SMS in each of `withSms`, reaching `reached`. */
function decision(reached: string[], withSms: string[], perCommune: number): DecisionMapData {
	return {
		messages: withSms.length * perCommune,
		byCommune: withSms.map((code) => ({ key: code, label: code, members: perCommune, sms: perCommune })),
		place: { incident: [ISSOIRE], reached, circles: [] },
	} as DecisionMapData;
}

async function timed<T>(rounds: number, fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
	let value = await fn();
	const t0 = process.hrtime.bigint();
	for (let i = 0; i < rounds; i++) value = await fn();
	return { ms: Number(process.hrtime.bigint() - t0) / 1e6 / rounds, value };
}

export async function benchMap(report: (line: string) => void): Promise<void> {
	const epci = communesOfEpci(communeByCode(ISSOIRE)?.epci ?? '');
	const all = communesOfDepartement('63').map((c) => c.code);
	const cases: Array<[string, DecisionMapData]> = [
		['one commune', decision([ISSOIRE], [ISSOIRE], 5)],
		['agglomération', decision(epci, epci.slice(0, 30), 2)],
		['département', decision(all, all, 2)],
	];
	const first = decisionMap(cases[0][1]);
	const rssBefore = process.memoryUsage().rss;
	const t0 = process.hrtime.bigint();
	await svgToPng(first);
	const firstMs = Number(process.hrtime.bigint() - t0) / 1e6;
	report(`Decision map: SVG drawn vs PNG rendered (800 px, resvg-wasm), mean of ${ROUNDS}; the process's first PNG ${firstMs.toFixed(0)} ms (loading the renderer), +${((process.memoryUsage().rss - rssBefore) / 1e6).toFixed(0)} MB RSS`);
	report(`  ${'map'.padEnd(14)} ${'SVG ms'.padStart(7)} ${'SVG kB'.padStart(7)} ${'PNG ms'.padStart(7)} ${'PNG kB'.padStart(7)}  PNG/SVG time`);
	for (const [name, data] of cases) {
		const svg = await timed(ROUNDS, () => decisionMap(data));
		const png = await timed(ROUNDS, () => svgToPng(svg.value));
		report(
			`  ${name.padEnd(14)} ${svg.ms.toFixed(1).padStart(7)} ${(svg.value.length / 1000).toFixed(0).padStart(7)} ${png.ms.toFixed(1).padStart(7)} ${(png.value.png.length / 1000).toFixed(0).padStart(7)}  × ${(png.ms / svg.ms).toFixed(1)}`,
		);
	}
}
