/**
 * Relevance (`npm run bench -- relevance`): the simulated year of issue 14 — 80 alerts in the
 * articles' mix, 1,100 members of the Puy-de-Dôme placed by population — replayed under the
 * previous default ruleset (test/fixtures/rules/default-2026-12.rules.json) and the current one
 * with compareRulesets: alerts per member, SMS, and the members who gain or lose the most.
 */
import type { Adherent } from '../nodes/shared/registry/types';
import { compareRulesets, defaultRuleset, simulatedYear, type RulesetFigures } from '../nodes/shared/targeting';
import { generateRegister } from './members';
import PREVIOUS_DEFAULT from '../test/fixtures/rules/default-2026-12.rules.json';

const MEMBERS = 1100;
const SEED = 2026;
const NOW = new Date('2026-06-01T12:00:00+02:00');
const SHOWN = 8;

const FIGURES: Array<[keyof RulesetFigures, string]> = [
	['median', 'median member'],
	['p90', '90th percentile'],
	['max', 'most alerted'],
	['recipients', 'members reached'],
	['sms', 'SMS in the year'],
];

const pad = (text: string | number, width: number) => String(text).padStart(width);

export async function benchRelevance(report: (line: string) => void): Promise<void> {
	const register = generateRegister(MEMBERS, { seed: SEED });
	const incidents = simulatedYear({ departement: register.departement, until: NOW, centroids: register.centroids });
	const t0 = process.hrtime.bigint();
	const { current, proposed, changes } = await compareRulesets({ incidents, members: register.members, current: PREVIOUS_DEFAULT, proposed: defaultRuleset(), now: NOW });
	const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;

	report(`Relevance: ${incidents.length} simulated alerts over ${MEMBERS.toLocaleString('en-US')} members of département ${register.departement} (seed ${SEED}), compared in ${elapsed.toFixed(0)} ms`);
	report(`  ${'alerts per member'.padEnd(20)} ${pad('2026-12 default', 16)} ${pad('default', 10)}   target`);
	for (const [key, label] of FIGURES) {
		const target = key === 'median' ? '≤ 16' : key === 'p90' ? '≤ 24' : '';
		report(`  ${label.padEnd(20)} ${pad(current[key].toLocaleString('en-US'), 16)} ${pad(proposed[key].toLocaleString('en-US'), 10)}   ${target}`);
	}
	const bySiret = new Map<string, Adherent>(register.members.map((m) => [m.siret, m]));
	const describe = (siret: string) => {
		const m = bySiret.get(siret);
		return m ? `${m.naf} ${m.professions.join('/') || '(no tag)'}, ${m.communeInsee} ${m.city}` : siret;
	};
	const line = (c: (typeof changes)[number]) => `    ${pad(c.current, 3)} → ${pad(c.proposed, 3)}  ${c.siret}  ${describe(c.siret)}`;
	const losers = changes.filter((c) => c.proposed < c.current);
	const gainers = changes.filter((c) => c.proposed > c.current);
	report(`  ${changes.length} members change: ${losers.length} receive fewer alerts, ${gainers.length} more`);
	report(`  fewest alerts now (largest drops):`);
	for (const c of losers.slice(0, SHOWN)) report(line(c));
	report(`  more alerts now (largest rises):`);
	for (const c of gainers.slice(0, SHOWN)) report(line(c));
	if (gainers.length === 0) report('    (none)');
}
