import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { Alert, AlertMsgType, ComposeOptions } from '../../shared/alert';
import type { IncidentError, IncidentResult } from '../../shared/incident';
import { SEGMENT_LIMITS } from '../../shared/sms';
import { optionalText } from './text';

/** How one item's alert is written: the node's options, its message type, and the email's date. */
export function composeOptions(ctx: IExecuteFunctions, index: number, given: { options: IDataObject; msgType: AlertMsgType; sent?: string }): ComposeOptions {
	const { options, msgType, sent } = given;
	return {
		maxSegments: typeof options.maxSegments === 'number' ? options.maxSegments : undefined,
		label: optionalText(options.label),
		sender: optionalText(options.sender),
		unicode: options.unicode === true,
		exercise: options.exercise === true,
		instruction: optionalText(options.instruction),
		endNote: optionalText(options.endNote),
		msgType,
		references: msgType === 'Alert' ? undefined : optionalText(ctx.getNodeParameter('references', index, '')),
		// The email's own date makes a re-delivered email give the very same CAP document.
		sent: sent && !Number.isNaN(Date.parse(sent)) && Date.parse(sent) <= Date.now() ? sent : undefined,
	};
}

/** An item of the Alerts output: the alert, a one-line preview for the editor, the incident and its warnings, the CAP document last. */
export function alertItem(alert: Alert, read: Extract<IncidentResult, { ok: true }>, index: number): INodeExecutionData {
	const { cap, ...rest } = alert;
	const limits = SEGMENT_LIMITS[rest.encoding];
	const capacity = rest.segments > 1 ? rest.segments * limits.multi : limits.single;
	const shortened = rest.dropped.length ? `, shortened: ${rest.dropped.join(', ')}` : '';
	const preview = `${rest.segments} SMS ${rest.encoding} (${rest.units}/${capacity})${shortened}: ${rest.text}`;
	return {
		json: {
			...rest,
			preview,
			incident: read.incident as unknown as IDataObject,
			...(read.warnings.length ? { warnings: read.warnings as unknown as IDataObject[] } : {}),
			cap,
		},
		pairedItem: { item: index },
	};
}

/** An item of the Refused output, with every reason. */
export function refusedItem(errors: IncidentError[], input: IDataObject, index: number): INodeExecutionData {
	return {
		json: { refused: true, reasons: errors.map((e) => e.message).join('\n'), errors: errors as unknown as IDataObject[], input },
		pairedItem: { item: index },
	};
}
