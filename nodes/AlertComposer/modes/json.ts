import type { INodeProperties } from 'n8n-workflow';

/** From JSON: an incident object (English keys as in the Incident type, or the fiche's French keys). */
export const jsonFields: INodeProperties[] = [
	{
		displayName: 'Incident (JSON)',
		name: 'incidentJson',
		type: 'json',
		default: '={{ $json.incident ?? $json }}',
		description:
			'Object with type, communes, description… (e.g. {"type": "fausse_monnaie", "communes": ["63178"], "description": "…"}). An alert item of this node can be given back as it is, for an update or an end of alert.',
		displayOptions: { show: { mode: ['json'] } },
	},
];
