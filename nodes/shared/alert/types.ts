import type { IncidentError } from '../incident/validate';
import type { SmsEncoding } from '../sms';

export type AlertMsgType = 'Alert' | 'Update' | 'Cancel';

export interface ComposeOptions {
	/** Most SMS segments the text may take (default 2). */
	maxSegments?: number;
	/** Name at the head of the SMS (default from rules/templates.json, "Alerte Commerces"). */
	label?: string;
	/** SMS sender ID: ≤ 11 letters and digits, or a number. */
	sender?: string;
	/** Keep accents and typographic characters (UCS-2, 70 characters a segment) instead of transliterating to GSM-7. */
	unicode?: boolean;
	/** An exercise: the SMS says EXERCICE and the CAP status is Exercise. */
	exercise?: boolean;
	/** Alert (default), Update of an earlier alert, or Cancel ("Fin d'alerte"). */
	msgType?: AlertMsgType;
	/** For Update/Cancel: the original alert's id (`AC-…`) or its CAP reference `sender,identifier,sent`. */
	references?: string;
	/** Instruction used when the incident has none (default `Ne pas intervenir, ne pas transférer ce SMS.`). */
	instruction?: string;
	/** For an end of alert: what the officer adds before the closing words, e.g. `Individu interpellé.` */
	endNote?: string;
	/** When the alert is issued (default now); written in Paris time. */
	sent?: Date | number | string;
	/** CAP `sender` (default: the incident's issuer, or `alerte-commerces`). */
	capSender?: string;
}

/** A composed alert: the SMS as it will be sent, its cost, and its CAP 1.2 form. */
export interface Alert {
	/** Identifies the alert: the same incident always gives the same id; updates and cancels keep the original's. */
	alertId: string;
	/** Identifies this message (CAP identifier): the alert id, or the id with -MAJ-…/-FIN for updates and cancels. */
	messageId: string;
	msgType: AlertMsgType;
	status: 'Actual' | 'Exercise';
	text: string;
	encoding: SmsEncoding;
	segments: number;
	/** Characters as a reader counts them. */
	characters: number;
	/** Septets (GSM-7) or UTF-16 units (UCS-2), what the network counts. */
	units: number;
	/** Optional parts removed to fit `maxSegments`, in the order they were removed. */
	dropped: Array<'suspects' | 'location' | 'description' | 'words'>;
	sender?: string;
	/** ISO 8601 with offset. */
	sent: string;
	/** `sender,identifier,sent`: what an Update or Cancel of this alert puts in `references`. */
	capReference: string;
	cap: string;
}

export type ComposeResult = { ok: true; alert: Alert } | { ok: false; errors: IncidentError[] };
