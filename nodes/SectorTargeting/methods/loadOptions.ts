import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { INCIDENT_TYPES, incidentTypeLabel } from '../../shared/incident';
import { describeProfessionNaf, professionCatalog } from '../../shared/naf';

/** Incident types with their French labels (rules/incident-types.json). */
export async function getIncidentTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return INCIDENT_TYPES.map((value) => ({ name: incidentTypeLabel(value), value }));
}

/** Profession tags with readable labels and their NAF codes in both nomenclatures (rules/professions.json). */
export async function getProfessions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return Object.entries(professionCatalog())
		.map(([value, p]) => ({ name: p.label, value, description: describeProfessionNaf(p.naf) }))
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** The zones defined in this node's Zones list. */
export async function getZones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const zones = (this.getCurrentNodeParameter('zones') ?? {}) as { zone?: Array<{ name?: string; communes?: string }> };
	return (zones.zone ?? [])
		.filter((z) => z.name?.trim())
		.map((z) => ({ name: String(z.name).trim(), value: String(z.name).trim(), description: z.communes ?? '' }));
}
