import type { ReplyIntent } from './keywords';

/**
 * The one SMS that answers a STOP or a START. GSM-7 only (one segment at 160 characters): no « ê »,
 * no typographic apostrophe.
 */
export const CONFIRMATION_TEXTS: Readonly<Record<Exclude<ReplyIntent, 'other'>, string>> = {
	optOut: 'Alerte Commerces : vous ne recevrez plus nos alertes sur ce numéro. Envoyez START pour les reprendre.',
	optIn: 'Alerte Commerces : vous recevez à nouveau nos alertes sur ce numéro. Envoyez STOP pour ne plus les recevoir.',
};

/** Ledger id prefix of each confirmation: the ledger keeps one message per id and phone. */
const CONFIRMATION_PREFIX: Readonly<Record<Exclude<ReplyIntent, 'other'>, string>> = { optOut: 'STOP', optIn: 'START' };

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * The ledger id of a confirmation, one per kind and Paris day (`STOP-20261202`): a STOP repeated
 * the same day finds its confirmation already there and is not answered twice.
 */
export function confirmationId(intent: Exclude<ReplyIntent, 'other'>, at: Date): string {
	return `${CONFIRMATION_PREFIX[intent]}-${PARIS_DAY.format(at).replace(/-/g, '')}`;
}
