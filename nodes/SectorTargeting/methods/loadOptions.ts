import { NodeOperationError, type ILoadOptionsFunctions, type INodePropertyOptions } from 'n8n-workflow';
import { communeByCode, communesOfDepartement } from '../../shared/geo';
import { zoneCommunes } from '../actions/alert/target/ruleset';
import { INCIDENT_TYPES, incidentTypeLabel } from '../../shared/incident';
import { RegistryStore, sharedDb, storeConfigFromCredential, type RegistryCredentialData } from '../../shared/registry';

/** Incident types with their French labels (rules/incident-types.json). */
export async function getIncidentTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return INCIDENT_TYPES.map((value) => ({ name: incidentTypeLabel(value), value }));
}

/** The zones defined in this node's Zones list. */
export async function getZones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const zones = (this.getCurrentNodeParameter('zones') ?? {}) as { zone?: Array<{ name?: string; communeCodes?: unknown; communes?: string }> };
	return (zones.zone ?? [])
		.filter((z) => z.name?.trim())
		.map((z) => ({
			name: String(z.name).trim(),
			value: String(z.name).trim(),
			description: zoneCommunes(z)
				.map((code) => communeByCode(code)?.name ?? code)
				.join(', '),
		}));
}

/**
 * The communes of the register's département(s), by name with their INSEE code, so a zone is
 * built by choosing communes rather than typing codes. The département is the members' own:
 * read through this node's registry credential.
 */
export async function getCommunes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	let departements: string[];
	try {
		const credential = (await this.getCredentials('alerteCommercesRegistry')) as RegistryCredentialData;
		departements = await new RegistryStore(await sharedDb(storeConfigFromCredential(credential))).departements();
	} catch (error) {
		throw new NodeOperationError(this.getNode(), `Cannot read the register's département: ${(error as Error).message}`, {
			description: 'Choose Members: From the Adherent Registry and its credential to pick communes by name, or type INSEE codes in "Other Communes (INSEE Codes)".',
		});
	}
	if (departements.length === 0) {
		throw new NodeOperationError(this.getNode(), 'The register has no member yet, so its département is unknown', {
			description: 'Import the members first (workflow 4 or Adherent Registry → Import), or type INSEE codes in "Other Communes (INSEE Codes)".',
		});
	}
	const several = departements.length > 1;
	return departements
		.flatMap((d) => communesOfDepartement(d))
		.map((c) => ({ name: `${c.name} (${c.code})`, value: c.code, ...(several ? { description: `département ${c.departement}` } : {}) }))
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}
