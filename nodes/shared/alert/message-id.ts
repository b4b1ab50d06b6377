import type { AlertMsgType } from './types';

/**
 * The message id: which SMS text of an alert this is. The alert itself keeps the alert id
 * (`AC-…`, `EX-…`); an update adds `-MAJ-` and eight characters of its own content's hash; an end
 * of alert adds `-FIN`. The ledger and the journal are keyed by it; this module alone writes and reads it.
 */
const UPDATE_MARK = '-MAJ-';
const END_MARK = '-FIN';
const SUFFIX = /-(?:MAJ-[0-9A-F]+|FIN)$/;

/**
 * The message id of one message of an alert.
 * @param alertId the alert's id (the original's, for an update or an end of alert)
 * @param msgType Alert, Update or Cancel (end of alert)
 * @param ownAlertId the id the message's own incident would have as an alert: for an update, the
 *   first eight characters of its hash (after `AC-`/`EX-`) tell it from the alert's other updates
 */
export function messageIdOf(alertId: string, msgType: AlertMsgType, ownAlertId: string): string {
	if (msgType === 'Alert') return alertId;
	if (msgType === 'Cancel') return `${alertId}${END_MARK}`;
	return `${alertId}${UPDATE_MARK}${ownAlertId.slice(3, 11)}`;
}

/** The alert id a message id belongs to (the id itself for the alert's own message). */
export function alertIdOfMessage(messageId: string): string {
	return messageId.replace(SUFFIX, '');
}

/** What every update of an alert's message id starts with (`AC-…-MAJ-`), for a prefix search. */
export function updatePrefixOf(alertId: string): string {
	return `${alertId}${UPDATE_MARK}`;
}
