import { DEFAULT_RETRY, dispatchAlert, DispatchAuthError, validateRecipient, type Ledger, type ProviderLane, type ProviderSetup, type ReceiptRequest } from '../dispatch';
import { maskPhone, maskPhoneInput, normalizeMobile } from '../phone';
import type { RegistryStore } from '../registry';
import { confirmationId, CONFIRMATION_TEXTS } from './confirmations';
import { parseIncomingSms } from './incoming';
import { classifyReply } from './keywords';

/** What became of one incoming SMS: the node's output item (phone masked). */
export interface IncomingOutcome {
	action: 'optOut' | 'optIn' | 'ignored' | 'refused';
	/** Masked; null when the call was refused before reading it. */
	phone: string | null;
	/** Why, in French, for the CCI's log. */
	reason: string;
	/** Whether a confirmation SMS went out for this message. */
	answered: boolean;
	/** The member's text, for the CCI to read when it was not acted on. */
	text?: string;
}

/** What recording an incoming SMS needs. */
export interface IncomingContext {
	/** The provider that received it, with its credential (signature keys). */
	setup: ProviderSetup;
	registry: RegistryStore;
	ledger: Ledger;
	/** How to answer a STOP or START; absent = never answer. */
	confirmation?: {
		lane: ProviderLane;
		/** Sender of the answer; empty = the number the member wrote to, when the provider says it. */
		sender?: string;
	};
	now?: Date;
	/** Log lines (phones masked). */
	log?: (message: string) => void;
}

/** Longest text kept in an outcome: a reply is an SMS, this is a guard against a forged novel. */
const MAX_TEXT = 480;

/** Phones as providers give them: `33612345678` (Brevo, some SMSCs) and `0033…` read as international. */
function asInternational(raw: string): string {
	const compact = raw.replace(/[\s.()-]/g, '');
	if (/^00\d{8,15}$/.test(compact)) return `+${compact.slice(2)}`;
	if (/^[1-9]\d{10,14}$/.test(compact)) return `+${compact}`;
	return compact;
}

/** Sends a confirmation once per ledger id and phone; says whether it went and why not. */
async function confirm(ledger: Ledger, lane: ProviderLane, recipient: { alertId: string; phone: string; text: string; sender: string }, log: (m: string) => void): Promise<{ answered: boolean; note: string }> {
	const check = validateRecipient(recipient);
	if (!check.ok) return { answered: false, note: `pas de confirmation : ${check.errors.join('; ')}` };
	if (!(await ledger.enqueue([check.recipient]))) return { answered: false, note: 'confirmation déjà envoyée aujourd’hui' };
	try {
		await dispatchAlert(check.recipient.alertId, { ledger, primary: lane, retry: { ...DEFAULT_RETRY, maxAttempts: 3 }, log });
	} catch (error) {
		const why = error instanceof DispatchAuthError ? `${error.provider} a refusé les identifiants` : (error as Error).message;
		return { answered: false, note: `confirmation non envoyée : ${why}` };
	}
	const row = (await ledger.rowsFor(check.recipient.alertId, [check.recipient.phone])).get(check.recipient.phone);
	if (row && (row.status === 'sent' || row.status === 'delivered')) return { answered: true, note: 'confirmation envoyée' };
	return { answered: false, note: `confirmation non envoyée : ${row?.error ?? row?.status ?? 'inconnu'}` };
}

/**
 * Records one incoming SMS: authenticates it, and for a STOP or START of a registered phone opts
 * it out or in (every member that has it) and answers once a day. Unknown numbers and other texts
 * are reported for the CCI, never acted on nor answered.
 */
export async function recordIncomingSms(ctx: IncomingContext, request: ReceiptRequest): Promise<IncomingOutcome> {
	const log = ctx.log ?? (() => undefined);
	const parsed = parseIncomingSms(ctx.setup, request);
	if (!parsed.ok) return { action: 'refused', phone: null, reason: parsed.reason, answered: false };
	const { sms } = parsed;
	const text = sms.text.slice(0, MAX_TEXT);
	const mobile = normalizeMobile(asInternational(sms.from));
	if (!mobile.ok) return { action: 'ignored', phone: maskPhoneInput(sms.from), reason: `numéro non reconnu : ${mobile.message}`, answered: false, text };
	const phone = mobile.e164;
	const masked = maskPhone(phone);
	if ((await ctx.registry.search({ phone, limit: 1 })).total === 0) {
		log(`SMS reçu de ${masked}, numéro inconnu du registre`);
		return { action: 'ignored', phone: masked, reason: 'numéro inconnu du registre', answered: false, text };
	}
	const intent = sms.providerIntent ?? classifyReply(sms.text);
	if (intent === 'other') {
		log(`SMS reçu de ${masked}, ni STOP ni START : transmis à la CCI`);
		return { action: 'ignored', phone: masked, reason: 'ni STOP ni START : message transmis à la CCI, rien n’est changé', answered: false, text };
	}
	const now = ctx.now ?? new Date();
	const changed = intent === 'optOut' ? await ctx.registry.optOut(phone, now.toISOString()) : await ctx.registry.optIn(phone);
	let reason =
		intent === 'optOut'
			? changed ? `STOP : alertes arrêtées pour ce numéro (${changed} fiche${changed > 1 ? 's' : ''})` : 'STOP : ce numéro était déjà désinscrit'
			: changed ? `START : alertes reprises pour ce numéro (${changed} fiche${changed > 1 ? 's' : ''})` : 'START : ce numéro recevait déjà les alertes';
	log(`SMS reçu de ${masked} : ${reason}`);
	let answered = false;
	if (ctx.confirmation) {
		const sender = ctx.confirmation.sender?.trim() || sms.to;
		const result = sender
			? await confirm(ctx.ledger, ctx.confirmation.lane, { alertId: confirmationId(intent, now), phone, text: CONFIRMATION_TEXTS[intent], sender }, log)
			: { answered: false, note: 'pas de confirmation : le fournisseur ne dit pas à quel numéro le membre a écrit, renseignez Confirmation Sender' };
		answered = result.answered;
		reason += ` ; ${result.note}`;
	}
	return { action: intent, phone: masked, reason, answered };
}
