/**
 * Registry benchmark: 100,000 generated member rows (real communes of the Puy-de-Dôme, valid
 * SIRETs, mobile-format numbers that never leave the machine) validated, then stored on SQLite and
 * on PostgreSQL in chunked transactions; baseline: one transaction per member, on a sample.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { communesOfDepartement } from '../nodes/shared/geo';
import { openRegistry, validateAdherent, withLuhnKey, type Adherent } from '../nodes/shared/registry';
import type { StoreConfig } from '../nodes/shared/store';

const NAF = ['47.26Z', '47.77Z', '47.73Z', '47.11C', '01.11Z', '56.30Z', '47.71Z', '56.10A', '43.21A', '96.02A'];

/** Raw rows as the CCI's CSV would give them (French column names, national phone format). */
export function rawRows(count: number, departement = '63'): Array<Record<string, string>> {
	const communes = communesOfDepartement(departement);
	return Array.from({ length: count }, (_, i) => {
		const commune = communes[i % communes.length];
		return {
			siret: withLuhnKey(`${String(10000000 + i).padStart(8, '0')}0001${i % 10}`.slice(0, 13)),
			name: `Commerce ${i}`,
			naf: NAF[i % NAF.length],
			phones: `07 8${String(i).padStart(7, '0').replace(/(\d)(\d{2})(\d{2})(\d{2})/, '$1 $2 $3 $4')}`,
			communeInsee: commune.code,
			memberSince: '01/01/2026',
		};
	});
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

async function storeFigures(name: string, config: StoreConfig, adherents: Adherent[], report: (line: string) => void): Promise<void> {
	const store = await openRegistry(config);
	let start = process.hrtime.bigint();
	await store.upsertMany(adherents);
	const chunked = seconds(start);
	const sample = adherents.slice(0, 2000).map((a) => ({ ...a, name: `${a.name} (maj)` }));
	start = process.hrtime.bigint();
	for (const a of sample) await store.upsert(a);
	const perRow = (seconds(start) / sample.length) * adherents.length;
	report(
		`  ${name.padEnd(10)} store ${adherents.length.toLocaleString('en')} members: ${chunked.toFixed(2)} s (${Math.round(adherents.length / chunked).toLocaleString('en')} rows/s); ` +
			`baseline one transaction per member ≈ ${perRow.toFixed(1)} s (extrapolated from 2,000) → ×${(perRow / chunked).toFixed(1)}`,
	);
	await store.close();
}

/** Prints validation and storage figures for 100,000 members. */
export async function benchRegistry(report: (line: string) => void, pgConfig?: StoreConfig): Promise<void> {
	const count = 100_000;
	const rows = rawRows(count);
	validateAdherent(rows[0]); // load reference data, compile the schema
	const start = process.hrtime.bigint();
	const adherents: Adherent[] = [];
	for (const row of rows) {
		const result = validateAdherent(row);
		if (!result.ok) throw new Error(`generated row is invalid: ${JSON.stringify(result.errors)}`);
		adherents.push(result.adherent);
	}
	const validation = seconds(start);
	report(`Registry (goal: validation ≥ 20,000 rows/s, store 100k ≤ 5 s SQLite, ≤ 10 s PostgreSQL)`);
	report(`  validate ${count.toLocaleString('en')} rows: ${validation.toFixed(2)} s (${Math.round(count / validation).toLocaleString('en')} rows/s)`);
	const dir = mkdtempSync(join(tmpdir(), 'bench-registry-'));
	await storeFigures('SQLite', { kind: 'embedded', path: join(dir, 'registry.sqlite') }, adherents, report);
	rmSync(dir, { recursive: true, force: true });
	if (pgConfig) await storeFigures('PostgreSQL', pgConfig, adherents, report);
	else report('  PostgreSQL: skipped (no server)');
}
