/**
 * A loopback stand-in for the API Recherche d'entreprises (https://recherche-entreprises.api.gouv.fr,
 * no key), answering GET /search?q=<SIRET> in the documented shape: `results` of companies with
 * `siren`, `nom_complet`, `siege` and `matching_etablissements` (each with `siret`,
 * `etat_administratif` A = open / F = closed, `activite_principale` in NAF rév. 2 and
 * `activite_principale_naf25` in NAF 2025), plus the paging fields.
 */
import * as http from 'node:http';
import { adherent } from './adherents';
import type { WorkflowFile } from './n8n-server';

export const SIRENE_API = 'https://recherche-entreprises.api.gouv.fr';

interface Establishment {
	siret: string;
	etat_administratif: 'A' | 'F';
	activite_principale: string;
	activite_principale_naf25: string;
	code_postal: string;
	libelle_commune: string;
}

/**
 * The directory the tests know: members 80, 83, 84, 85, 87 and 900 open, 81 closed, 86 unanswered
 * (503); any other SIRET is unknown. All are jewellers (47.77Z, NAF 2025 47.77Y) but 87, a tabac.
 */
function directory(): Map<string, Establishment> {
	const open = (n: number): Establishment => ({
		siret: adherent(n).siret,
		etat_administratif: 'A',
		activite_principale: '47.77Z',
		activite_principale_naf25: '47.77Y',
		code_postal: '63500',
		libelle_commune: 'ISSOIRE',
	});
	const tabac = (n: number): Establishment => ({ ...open(n), activite_principale: '47.26Z', activite_principale_naf25: '47.26Y' });
	return new Map([
		...[80, 83, 84, 85, 900].map((n) => [adherent(n).siret, open(n)] as const),
		[adherent(81).siret, { ...open(81), etat_administratif: 'F' }],
		[adherent(87).siret, tabac(87)],
	]);
}

/** Points the HTTP Request nodes that call the API Recherche d'entreprises at `url` (a local stand-in). */
export function useSirene(workflows: readonly WorkflowFile[], url: string): void {
	for (const node of workflows.flatMap((w) => w.nodes as Array<{ parameters: { url?: string } }>)) {
		if (node.parameters.url?.startsWith(SIRENE_API)) node.parameters.url = url + node.parameters.url.slice(SIRENE_API.length);
	}
}

export async function startSirene(): Promise<{ url: string; queries: string[]; close: () => Promise<void> }> {
	const known = directory();
	const queries: string[] = [];
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (url.pathname !== '/search') return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"erreur":"not found"}');
		const q = (url.searchParams.get('q') ?? '').replace(/\s/g, '');
		queries.push(q);
		// Member 86's lookup finds the directory down, as it sometimes is.
		if (q === adherent(86).siret) return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"erreur":"Service indisponible"}');
		const establishment = known.get(q);
		const results = establishment
			? [
					{
						siren: q.slice(0, 9),
						nom_complet: 'BIJOUTERIE DES VOLCANS',
						nom_raison_sociale: 'BIJOUTERIE DES VOLCANS',
						etat_administratif: establishment.etat_administratif,
						activite_principale: establishment.activite_principale,
						nombre_etablissements: 1,
						siege: { ...establishment, est_siege: true },
						matching_etablissements: [establishment],
					},
				]
			: [];
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ results, total_results: results.length, page: 1, per_page: 5, total_pages: results.length ? 1 : 0 }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}`,
		queries,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
