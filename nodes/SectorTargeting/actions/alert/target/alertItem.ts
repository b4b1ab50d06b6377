import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { isIncidentType, type Incident } from '../../../../shared/incident';
import { isObject } from './json';

/** The alert fields a recipient item carries (never the CAP document or the incident). */
export interface AlertHeader {
	alertId: string;
	/** The CAP message id (differs from alertId for updates and cancels). */
	messageId?: string;
	/** Alert, Update or Cancel; and Actual or Exercise: SMS Dispatch needs both. */
	msgType?: string;
	status?: string;
	text: string;
	sender?: string;
}

/** The incident and alert header of an item: the composer's Alert item, or a bare incident. */
export function readAlertItem(ctx: IExecuteFunctions, item: INodeExecutionData, index: number): { incident: Incident; header: AlertHeader } {
	const json = item.json;
	const incident = (isObject(json.incident) ? json.incident : json) as Partial<Incident>;
	const communes = Array.isArray(incident.communes) ? incident.communes.filter((c): c is string => typeof c === 'string' && c.trim() !== '') : [];
	if (!isIncidentType(incident.type) || communes.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'The item is not an alert or incident', {
			itemIndex: index,
			description: 'Connect the Alert Composer output, or give an incident with "type" (e.g. "fausse_monnaie") and "communes" (INSEE codes).',
		});
	}
	const header: AlertHeader = {
		alertId: String(json.alertId ?? incident.reference ?? ''),
		text: String(json.text ?? ''),
	};
	for (const key of ['messageId', 'msgType', 'status', 'sender'] as const) {
		if (typeof json[key] === 'string') header[key] = json[key];
	}
	return { incident: { ...incident, type: incident.type, communes } as Incident, header };
}
