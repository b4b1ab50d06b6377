import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { AdherentRegistry } from '../../nodes/AdherentRegistry/AdherentRegistry.node';
import { SectorTargeting } from '../../nodes/SectorTargeting/SectorTargeting.node';
import { closeSharedDbs, openRegistry, storeConfigFromCredential, type RegistryCredentialData } from '../../nodes/shared/registry';
import { connect, itemsNode, runWorkflow } from '../support/n8n-harness';
import { freshPgDatabase } from '../support/postgres';
import { CLERMONT, counterfeitRuleset, incident, JAUDE, member } from '../targeting/fixtures';

const credentialRef = { alerteCommercesRegistry: { id: '1', name: 'Registry' } };
const NOW = '2026-03-15T10:00:00+01:00';

// Counterfeit notes reach one profession of the commune; the rule's name says which version.
const TABACS = counterfeitRuleset(['buraliste'], 'v1-tabacs');
const BIJOUTERIES = counterfeitRuleset(['bijouterie'], 'v2-bijouteries');

const alert: IDataObject = {
	alertId: 'ALERT-1',
	messageId: 'ALERT-1',
	msgType: 'Alert',
	status: 'Actual',
	text: 'Faux billets Clermont-Ferrand. Ne pas intervenir, ne pas transférer SMS.',
	sender: 'CCI63',
	incident: incident('fausse_monnaie', [CLERMONT], { coordinates: JAUDE }) as unknown as IDataObject,
};

/** Items → Adherent Registry (resource Ruleset). */
async function registry(credential: ICredentialDataDecryptedObject, parameters: IDataObject, items: IDataObject[] = [{}]) {
	return runWorkflow({
		nodes: [
			itemsNode(items),
			{ name: 'Registry', type: 'adherentRegistry', typeVersion: 1, position: [200, 0], parameters: { resource: 'ruleset', ...parameters }, credentials: credentialRef },
		],
		connections: connect('Items', 'Registry'),
		nodeTypes: { adherentRegistry: new AdherentRegistry() },
		credentials: { alerteCommercesRegistry: credential },
	});
}

/** Alerts → Sector Targeting with the parameters given; Rules left at the node's default. */
async function target(credential: ICredentialDataDecryptedObject | undefined, parameters: IDataObject, items: IDataObject[] = [alert]) {
	return runWorkflow({
		nodes: [
			itemsNode(items, 'Alerts'),
			{ name: 'Targeting', type: 'sectorTargeting', typeVersion: 1, position: [200, 0], parameters: { options: { alertDate: NOW }, ...parameters }, credentials: credential ? credentialRef : undefined },
		],
		connections: connect('Alerts', 'Targeting'),
		nodeTypes: { sectorTargeting: new SectorTargeting() },
		credentials: credential ? { alerteCommercesRegistry: credential } : {},
	});
}

/** The names reached and the rules behind them, for the alert. */
async function reached(credential: ICredentialDataDecryptedObject) {
	const result = await target(credential, { membersSource: 'registry', dryRun: false, maxRecipients: 0 });
	expect(result.error).toBeUndefined();
	return result.output('Targeting').map((i) => [i.json.name, (i.json.reasons as Array<{ rule: string }>).map((r) => r.rule).join()]);
}

async function dryRunVersion(credential: ICredentialDataDecryptedObject) {
	const result = await target(credential, { membersSource: 'registry', dryRun: true, maxRecipients: 0 });
	expect(result.error).toBeUndefined();
	return result.output('Targeting')[0].json.rulesetVersion;
}

afterAll(closeSharedDbs);

describe.each([
	['embedded SQLite', async (): Promise<ICredentialDataDecryptedObject> => ({ storage: 'embedded', path: join(mkdtempSync(join(tmpdir(), 'node-ruleset-')), 'r.sqlite') })],
	[
		'PostgreSQL',
		async (): Promise<ICredentialDataDecryptedObject> => {
			const c = await freshPgDatabase('rulesetnode');
			return { storage: 'postgres', host: c.host, port: c.port, database: c.database, user: c.user, password: c.password ?? '', ssl: 'disable' };
		},
	],
])('The register ruleset through the nodes (%s)', (_name, makeCredential) => {
	let credential: ICredentialDataDecryptedObject;

	beforeEach(async () => {
		credential = await makeCredential();
		const store = await openRegistry(storeConfigFromCredential(credential as RegistryCredentialData));
		await store.upsertMany([member(CLERMONT, '47.26Z', { name: 'Tabac de Jaude' }), member(CLERMONT, '47.77Z', { name: 'Bijouterie Jaude' })]);
		await store.close();
	});

	it('publish v1, target with it, publish v2, roll back to v3 = v1, target with v3', async () => {
		// Nothing published: Sector Targeting's default Rules read the register and get the package default.
		expect(await dryRunVersion(credential)).toBe(0);

		const v1 = await registry(credential, { operation: 'publish', rulesetInput: 'field', rulesetField: 'form.rules', author: 'Claire (CCI)', reason: 'tabacs only' }, [
			{ form: { rules: JSON.stringify(TABACS) } },
		]);
		expect(v1.error).toBeUndefined();
		expect(v1.outputs('Registry')).toEqual([[expect.objectContaining({ json: expect.objectContaining({ version: 1, author: 'Claire (CCI)', reason: 'tabacs only', ruleset: TABACS }) })], []]);
		expect(await reached(credential)).toEqual([['Tabac de Jaude', 'v1-tabacs']]);

		const v2 = await registry(credential, { operation: 'publish', rulesetJson: JSON.stringify(BIJOUTERIES), author: 'Paul (CCI)', reason: 'jewellers instead' });
		expect(v2.output('Registry')[0].json).toMatchObject({ version: 2 });
		expect(await reached(credential)).toEqual([['Bijouterie Jaude', 'v2-bijouteries']]);
		expect(await dryRunVersion(credential)).toBe(2);

		const v3 = await registry(credential, { operation: 'rollback', author: 'Claire (CCI)' });
		expect(v3.error).toBeUndefined();
		expect(v3.output('Registry')[0].json).toMatchObject({ version: 3, restores: 1, reason: 'rollback to v1', author: 'Claire (CCI)', ruleset: TABACS });
		expect(await reached(credential)).toEqual([['Tabac de Jaude', 'v1-tabacs']]);
		expect(await dryRunVersion(credential)).toBe(3);
		const compact = await target(credential, { membersSource: 'registry', output: 'alert', dryRun: false, maxRecipients: 0 });
		expect(compact.output('Targeting')[0].json).toMatchObject({ recipients: 1, rulesetVersion: 3 });

		const history = await registry(credential, { operation: 'history' });
		expect(history.output('Registry').map((i) => [i.json.version, i.json.author, i.json.reason])).toEqual([
			[3, 'Claire (CCI)', 'rollback to v1'],
			[2, 'Paul (CCI)', 'jewellers instead'],
			[1, 'Claire (CCI)', 'tabacs only'],
		]);
		expect((await registry(credential, { operation: 'get' })).output('Registry')[0].json).toMatchObject({ version: 3, ruleset: TABACS });
		expect((await registry(credential, { operation: 'get', getOptions: { version: 2 } })).output('Registry')[0].json).toMatchObject({ version: 2, ruleset: BIJOUTERIES });
		expect((await registry(credential, { operation: 'get', getOptions: { version: 9 } })).error?.message).toBe('The register has no ruleset version 9');
	});

	it('sends an invalid ruleset to the Invalid output with every error, and publishes nothing', async () => {
		const broken = { ...TABACS, rules: [{ ...TABACS.rules[0], event: { type: 'target', params: { professions: ['astronaute'], area: { level: 'commune' } } } }] };
		const result = await registry(credential, { operation: 'publish', rulesetJson: JSON.stringify(broken), author: 'Claire', reason: 'typo' });
		expect(result.error).toBeUndefined();
		const [published, invalid] = result.outputs('Registry');
		expect(published).toEqual([]);
		expect(invalid).toEqual([
			{
				json: { errors: [{ path: '/rules/0/event/params/professions/0', message: expect.stringContaining('unknown profession tag "astronaute"') }], message: expect.any(String), author: 'Claire', reason: 'typo' },
				pairedItem: { item: 0 },
			},
		]);
		expect((await registry(credential, { operation: 'history' })).output('Registry')).toEqual([]);
	});

	it('a second person approves a proposed change: nothing published before, the proposer cannot approve, the link works once', async () => {
		const request = await registry(credential, {
			operation: 'requestApproval',
			rulesetJson: JSON.stringify(BIJOUTERIES),
			author: 'Claire Martin (CCI)',
			reason: 'jewellers instead',
			rulesetApprovalPageUrl: 'https://n8n.cci63.example/form/alerte-commerces/regles/validation',
			comparisonHtml: '<p>+1 SMS</p>',
		});
		expect(request.error).toBeUndefined();
		const [[requested], refused] = request.outputs('Registry');
		expect(refused).toEqual([]);
		expect(requested.json).toMatchObject({ author: 'Claire Martin (CCI)', reason: 'jewellers instead', basedOn: 0, rules: 1, approval: { validityMinutes: 1440 } });
		const url = new URL((requested.json.approval as { url: string }).url);
		const jeton = url.searchParams.get('jeton') ?? '';
		expect(`${url.origin}${url.pathname}`).toBe('https://n8n.cci63.example/form/alerte-commerces/regles/validation');
		// The token is in the link and the approver's email only.
		const approval = requested.json.approval as { url: string; emailHtml: string };
		expect(approval.emailHtml).toContain(`<a href="${url.href}">Ouvrir la page de validation</a>`);
		expect(approval.emailHtml).toContain('<p>+1 SMS</p>');
		expect(JSON.stringify({ ...requested.json, approval: { ...approval, url: '', emailHtml: '' } })).not.toContain(jeton);
		expect(await dryRunVersion(credential)).toBe(0);

		const check = await registry(credential, { operation: 'checkApproval' }, [{ jeton }]);
		expect(check.output('Registry')[0].json).toMatchObject({ approvalState: 'open', html: '<p>+1 SMS</p>', author: 'Claire Martin (CCI)', approvalMessage: expect.stringMatching(/^Proposé par Claire Martin \(CCI\) le .* : « jewellers instead »\. Lien valable jusqu'au /) });

		const decide = (approver: string, approve = true) => registry(credential, { operation: 'decideApproval', rulesetApprover: approver, rulesetApprove: approve }, [{ jeton }]);
		const own = await decide('claire martin CCI');
		expect(own.output('Registry')[0].json).toMatchObject({ approvalState: 'same-person', approvalMessage: expect.stringContaining('une seconde personne doit le valider') });
		expect(await dryRunVersion(credential)).toBe(0);

		const approved = await decide('Luc Bernard');
		expect(approved.output('Registry')[0].json).toMatchObject({
			approvalState: 'published',
			version: 1,
			approvedBy: 'Luc Bernard',
			approvalMessage: 'Version 1 publiée : proposée par Claire Martin (CCI) (« jewellers instead »), validée par Luc Bernard. Elle décide dès la prochaine alerte des workflows 1 et 2.',
		});
		expect(await reached(credential)).toEqual([['Bijouterie Jaude', 'v2-bijouteries']]);
		expect((await registry(credential, { operation: 'history' })).output('Registry')[0].json).toMatchObject({ version: 1, author: 'Claire Martin (CCI)', approvedBy: 'Luc Bernard' });
		expect((await decide('Anne Roux', false)).output('Registry')[0].json).toMatchObject({ approvalState: 'used', approvalMessage: expect.stringMatching(/^Ce lien a déjà servi : proposition validée par Luc Bernard le /) });

		const empty = await decide(' ');
		expect(empty.error?.message).toBe('Approver is empty');
		const broken = { ...TABACS, rules: [{ ...TABACS.rules[0], event: { type: 'target', params: { professions: ['astronaute'], area: { level: 'commune' } } } }] };
		const invalid = await registry(credential, { operation: 'requestApproval', rulesetJson: JSON.stringify(broken), author: 'Claire', reason: ' ', rulesetApprovalPageUrl: 'https://x.example/f' });
		expect(invalid.outputs('Registry')).toEqual([[], [expect.objectContaining({ json: expect.objectContaining({ message: expect.stringMatching(/^reason: say why.*\n\/rules\/0\/event\/params\/professions\/0: unknown profession tag "astronaute"/s) }) })]]);
		const noUrl = await registry(credential, { operation: 'requestApproval', rulesetJson: JSON.stringify(TABACS), author: 'Claire', reason: 'r', rulesetApprovalPageUrl: 'formulaire' });
		expect(noUrl.error?.message).toBe('Approval Page URL is not a web address');
	});

	it('refuses a rollback when nothing was published', async () => {
		const result = await registry(credential, { operation: 'rollback', author: 'Claire' });
		expect(result.error?.message).toBe('Cannot roll back: nothing to roll back: the register has no published ruleset, it uses the package default');
	});
});

describe('Rules "From the Register" with members from elsewhere', () => {
	it('uses the package default, as version 0, and says so in a hint', async () => {
		const members = [{ siret: '73282932000074', raison_sociale: 'Tabac de Jaude', code_naf: '4726Z', telephone: '06 12 34 56 70', code_insee: CLERMONT, commune: 'Clermont-Ferrand' }];
		const result = await target(undefined, { membersSource: 'field', membersField: 'adherents', dryRun: true, maxRecipients: 0 }, [{ ...alert, adherents: members }]);
		expect(result.error).toBeUndefined();
		expect(result.output('Targeting')[0].json).toMatchObject({ rulesetVersion: 0, recipients: 1 });
		expect(result.run.data.resultData.runData.Targeting[0].hints).toEqual([{ message: expect.stringContaining('the package default rules decided'), type: 'warning', location: 'outputPane' }]);
	});
});
