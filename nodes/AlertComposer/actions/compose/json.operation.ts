import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import type { Settings } from '../../helpers/settings';
import type { ItemIncident } from '../node.type';
import { incidentOfFields } from './fromFields';

const properties: INodeProperties[] = [
	{
		displayName: 'Incident (JSON)',
		name: 'incidentJson',
		type: 'json',
		default: '={{ $json.incident ?? $json }}',
		description:
			'Object with type, communes, description… (e.g. {"type": "fausse_monnaie", "communes": ["63178"], "description": "…"}). An alert item of this node can be given back as it is, for an update or an end of alert.',
	},
];

/** From JSON: an incident object (English keys as in the Incident type, or the fiche's French keys). */
export const description = updateDisplayOptions({ show: { mode: ['json'] } }, properties);

const refusedInput = (message: string): ItemIncident => ({ result: { ok: false, errors: [{ field: 'input', message }] }, input: { mode: 'json' } });

/** The incident of one item's JSON object (or JSON text). */
export function read(this: IExecuteFunctions, index: number, settings: Settings): ItemIncident {
	const raw = this.getNodeParameter('incidentJson', index, {});
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		try {
			parsed = JSON.parse(raw);
		} catch {
			return refusedInput('The incident is not valid JSON');
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return refusedInput('The incident must be a JSON object');
	return incidentOfFields(parsed as IDataObject, 'json', settings);
}
