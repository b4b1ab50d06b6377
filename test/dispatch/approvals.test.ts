import { approvalRefusal, approvalsOf, sendingReportHtml, sendingReportText, type ApprovalJournal, type AlertStatusReport, type Ledger } from '../../nodes/shared/dispatch';
import { decisionSummary, type Selection } from '../../nodes/shared/targeting';
import type { SqlDb } from '../../nodes/shared/store';
import { freshStore, ledgerOn, type DbKind } from './helpers';

const T0 = Date.UTC(2026, 11, 2, 13, 0);
const MINUTE = 60_000;
const alertItem = { alertId: 'AC-2026-0042', messageId: 'AC-2026-0042', text: 'Faux billets à Issoire. Ne pas intervenir.', sender: 'CCI63', incident: { type: 'fausse_monnaie', communes: ['63178'] } };

describe.each(['sqlite', 'postgres'] as DbKind[])('ApprovalJournal on %s', (kind) => {
	let db: SqlDb;
	let ledger: Ledger;
	let approvals: ApprovalJournal;

	beforeAll(async () => {
		({ db, ledger } = await ledgerOn(await freshStore(kind)));
		approvals = await approvalsOf(db);
	});
	afterAll(async () => db?.close());

	const request = (messageId: string, validityMs = 30 * MINUTE) =>
		approvals.request({ messageId, alertId: messageId, reason: 'required', item: { ...alertItem, messageId, alertId: messageId }, summaryHtml: '<b>Destinataires : 3</b>', recipients: 3, validityMs }, T0);

	it('stores the alert under a random token it never keeps, open until it expires (30 minutes by default)', async () => {
		const { token, expiresAt } = await approvals.request({ messageId: 'AC-DEFAULT', alertId: 'AC-DEFAULT', reason: 'over_cap', item: alertItem }, T0);
		expect(expiresAt).toBe(T0 + 30 * MINUTE);
		expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
		const rows = await db.query<Record<string, unknown>>('SELECT * FROM dispatch_approvals WHERE message_id = ?', ['AC-DEFAULT']);
		expect(JSON.stringify(rows)).not.toContain(token);
		expect(await approvals.check(token, T0 + 29 * MINUTE)).toMatchObject({ state: 'open', approval: { reason: 'over_cap', item: alertItem } });
		expect((await approvals.check(token, T0 + 30 * MINUTE)).state).toBe('expired');
	});

	it('takes one decision per link: a second use changes nothing and says who decided, when', async () => {
		const { token } = await request('AC-ONCE');
		const first = await approvals.decide(token, 'approved', 'Claire Martin', T0 + MINUTE);
		expect(first).toMatchObject({ state: 'decided', approval: { decision: 'approved', decidedBy: 'Claire Martin', decidedAt: T0 + MINUTE, recipients: 3 } });
		const second = await approvals.decide(token, 'rejected', 'Paul Durand', T0 + 2 * MINUTE);
		expect(second).toMatchObject({ state: 'used', approval: { decision: 'approved', decidedBy: 'Claire Martin' } });
		expect(approvalRefusal(second as Parameters<typeof approvalRefusal>[0])).toBe(
			"Ce lien a déjà servi : alerte validée par Claire Martin le 02/12/2026 à 14:01. Un lien de validation ne sert qu'une fois : rien n'a été envoyé cette fois.",
		);
		expect(await approvals.latest('AC-ONCE')).toMatchObject({ decision: 'approved', decidedBy: 'Claire Martin' });
	});

	it('refuses an expired link and an unknown one, and records nothing', async () => {
		const { token } = await request('AC-LATE', 5 * MINUTE);
		const late = await approvals.decide(token, 'approved', 'Claire Martin', T0 + 5 * MINUTE);
		expect(late.state).toBe('expired');
		expect(approvalRefusal(late as Parameters<typeof approvalRefusal>[0])).toMatch(/^Ce lien a expiré le 02\/12\/2026 à 14:05\. Rien n'a été envoyé/);
		expect((await approvals.latest('AC-LATE'))?.decidedAt).toBeUndefined();
		expect(await approvals.decide(`${token}x`, 'approved', 'Claire Martin', T0)).toEqual({ state: 'unknown' });
		expect(await approvals.decide('', 'approved', 'Claire Martin', T0)).toEqual({ state: 'unknown' });
	});

	it('lets only one of two simultaneous clicks decide', async () => {
		const { token } = await request('AC-RACE');
		const outcomes = await Promise.all([approvals.decide(token, 'approved', 'A', T0 + 1000), approvals.decide(token, 'approved', 'B', T0 + 1000)]);
		expect(outcomes.map((o) => o.state).sort()).toEqual(['decided', 'used']);
	});

	it('keeps the decision summary of a message in the journal', async () => {
		await ledger.recordAlert({ ...alertItem, messageId: 'AC-J', alertId: 'AC-J', msgType: 'Alert', status: 'Actual', decision: { members: 2, messages: 3 } });
		expect(await ledger.journalEntry('AC-J')).toMatchObject({ decision: { members: 2, messages: 3 } });
	});
});

describe('sending report', () => {
	const selection: Selection = {
		recipients: [
			{ siret: 'S1', name: 'Tabac A', phone: '+33611111111', communeInsee: '63178', reasons: [{ rule: 'fausse-monnaie-agglomeration', area: 'epci' }] },
			{ siret: 'S2', name: 'Tabac B', phone: '+33622222222', communeInsee: '63178', reasons: [{ rule: 'fausse-monnaie-agglomeration', area: 'epci' }] },
			{ siret: 'S3', name: 'Bijouterie C', phone: '+33633333333', communeInsee: '63113', reasons: [{ rule: 'fausse-monnaie-agglomeration', area: 'epci' }] },
		],
		excluded: [{ siret: 'X1', name: 'Tabac expiré', communeInsee: '63178', reason: 'expired' }],
	};
	const decision = decisionSummary({ alert: { text: alertItem.text, sender: 'CCI63' }, selection, professionsOf: () => ['buraliste'], unitPrice: 0.05 });
	const status: AlertStatusReport = {
		alertId: 'AC-2026-0042',
		total: 3,
		counts: { queued: 0, sent: 1, delivered: 1, failed: 1, expired: 0 },
		failures: [{ phone: '+33633333333', status: 'failed', errorCode: '1', error: 'numéro inconnu' }],
		firstQueuedAt: T0,
		lastDeliveredAt: T0 + 2000,
		timeToLastDeliveryMs: 2000,
	};
	const approval = { messageId: 'AC-2026-0042', alertId: 'AC-2026-0042', reason: 'required' as const, item: alertItem, requestedAt: T0, expiresAt: T0 + 30 * MINUTE, decision: 'approved' as const, decidedBy: 'Claire <Martin>', decidedAt: T0 + MINUTE };

	it('says what was sent and delivered so far, the failures with masked phones, who approved, and the breakdown', () => {
		const text = sendingReportText({ status, decision, approval });
		expect(text).toContain("Envoyés : 2 sur 3 (remis 1, en attente d'accusé de réception 1) — échecs : 1");
		expect(text).toContain('- +336••••••33 : numéro inconnu');
		expect(text).not.toContain('+33633333333');
		expect(text).toContain('Alerte validée par Claire <Martin> le 02/12/2026 à 14:01');
		expect(text).toMatch(/Par commune : Issoire 2 .*; Clermont-Ferrand 1/);
		expect(text).toContain('Non alertés : 1 (adhésion expirée 1)');
	});

	it('escapes every value in HTML', () => {
		const html = sendingReportHtml({ status, decision, approval });
		expect(html).toContain('Claire &lt;Martin&gt;');
		expect(html).not.toContain('<Martin>');
		expect(html).toContain('<b>Par commune</b><ul><li>Issoire : 2 SMS, 2 commerces');
	});

	it('without a journal summary or an approval, reports the counts alone', () => {
		expect(sendingReportText({ status: { ...status, failures: [], counts: { queued: 2, sent: 0, delivered: 1, failed: 0, expired: 0 } } })).toBe(
			"Envoyés : 1 sur 3 (remis 1, en attente d'accusé de réception 0, encore en file 2) — échecs : 0",
		);
	});
});
