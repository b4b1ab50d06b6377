import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import type { Settings } from '../../helpers/settings';
import type { ItemIncident } from '../node.type';
import { incidentOfFields } from './fromFields';

/** A From Fields parameter; by default it reads the n8n Form Trigger field of the same French label. */
function field(displayName: string, name: string, formLabel: string, description: string, rows?: number): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		...(rows ? { typeOptions: { rows } } : {}),
		default: `={{ $json["${formLabel}"] }}`,
		description,
	};
}

/** One parameter per fiche field. */
const ficheFields: INodeProperties[] = [
	field('Type', 'type', 'Type', 'Incident type as the police say it ("faux billets", "braquage", "FOVI") or its ID (fausse_monnaie)'),
	field('Communes', 'communes', 'Commune', 'Names, INSEE codes or "postal code + name", separated by commas or semicolons'),
	field('Location', 'location', 'Lieu', 'Street or quarter (optional)'),
	field('Coordinates', 'coordinates', 'Coordonnées', 'Latitude, longitude, e.g. 45.7772, 3.0819 (optional)'),
	field('Perimeter', 'area', 'Périmètre', 'Commune, agglomération, arrondissement, département, "rayon 2 km" or "zone <nom>" (optional)'),
	field('Date of Facts', 'occurredAt', 'Date des faits', "E.g. 22/11/2026 14h30 or aujourd'hui 14h30, Paris time (optional)"),
	field('Description', 'description', 'Description', 'What happened, in a few words (at most 1,000 characters, no link or phone number)', 3),
	field('Suspects', 'suspects', 'Signalement', 'Description of the suspects (optional; dropped first when the SMS is too long)'),
	field('Instruction', 'instruction', 'Consigne', 'Instruction for the members (optional; default "Ne pas intervenir, ne pas transférer ce SMS.")'),
	field('Reference', 'reference', 'Référence', 'Police or gendarmerie reference (optional, not sent by SMS)'),
	field('Severity', 'severity', 'Gravité', 'Faible, modérée, grave or extrême (optional)'),
	field('Code', 'code', 'Code', 'The shared code, when the node requires one'),
];

const properties: INodeProperties[] = [
	...ficheFields,
	{
		displayName: 'Issuer',
		name: 'issuer',
		type: 'string',
		default: 'formulaire',
		description: 'Who reports the incident (operator or service), kept in the alert',
	},
];

/** From Fields: one parameter per fiche field, for an n8n Form Trigger or manual use. */
export const description = updateDisplayOptions({ show: { mode: ['fields'] } }, properties);

/** The incident of one item's fiche parameters. */
export function read(this: IExecuteFunctions, index: number, settings: Settings): ItemIncident {
	const fields: IDataObject = { issuer: this.getNodeParameter('issuer', index, 'formulaire') };
	for (const { name } of ficheFields) fields[name] = this.getNodeParameter(name, index, '');
	return incidentOfFields(fields, 'fields', settings);
}
