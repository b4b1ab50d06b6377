import type { IDataObject } from 'n8n-workflow';
import { ficheField, incidentFromFields } from '../../../shared/incident';
import type { Settings } from '../../helpers/settings';
import type { ComposeMode, ItemIncident } from '../node.type';

/** The incident of fiche fields (From Fields, From JSON); the Refused output shows them without the code. */
export function incidentOfFields(fields: IDataObject, mode: ComposeMode, settings: Settings): ItemIncident {
	const result = incidentFromFields(fields, { ...settings.validation, issuer: 'formulaire' });
	const shown = Object.fromEntries(Object.entries(fields).filter(([key]) => ficheField(key) !== 'code'));
	return { result, input: { mode, ...shown } };
}
