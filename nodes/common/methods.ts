/**
 * n8n methods several nodes of this package share (the n8n face; the domain stays in nodes/shared/).
 */
import type { ICredentialsDecrypted, ICredentialTestFunctions, ILoadOptionsFunctions, INodeCredentialTestResult, INodePropertyOptions } from 'n8n-workflow';
import { describeProfessionNaf, professionCatalog } from '../shared/naf';
import { testRegistryConnection, type RegistryCredentialData } from '../shared/registry';

/** The *Test* button of the Alerte Commerces Registry credential: opens the register and reads it. */
export async function registryConnectionTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	return testRegistryConnection((credential.data ?? {}) as RegistryCredentialData);
}

/** Profession tags with readable labels and their NAF codes in both nomenclatures (rules/professions.json), in French alphabetical order. */
export async function getProfessions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return Object.entries(professionCatalog())
		.map(([value, p]) => ({ name: p.label, value, description: describeProfessionNaf(p.naf) }))
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}
