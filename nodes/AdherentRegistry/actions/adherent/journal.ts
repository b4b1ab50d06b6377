import type { IDataObject } from 'n8n-workflow';
import { parisDateTime } from '../../../shared/incident/dates';
import { CHANGE_LABELS, type AdherentChange } from '../../../shared/registry';

/** A journal line as the member's page and the CCI's digest show it. */
export function shownChange(change: AdherentChange): IDataObject {
	return { ...change, when: parisDateTime(Date.parse(change.at)), label: CHANGE_LABELS[change.action] };
}
