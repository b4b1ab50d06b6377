/**
 * Opening the register's database from a node, with an error a CCI staffer can act on. The
 * register, the dispatch ledger and the approvals all live in the database the Alerte Commerces
 * Registry credential names.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { ledgerOf, type Ledger } from '../shared/dispatch';
import { RegistryStore, sharedDb, storeConfigFromCredential, type RegistryCredentialData } from '../shared/registry';
import type { SqlDb } from '../shared/store';

const CHECK_CREDENTIAL = 'Check the Alerte Commerces Registry credential (file path, or PostgreSQL host, database, user and password).';

/** The database of the node's Alerte Commerces Registry credential; `what` names it in the error ("member registry", "dispatch ledger"). */
async function registryDbFromCredential(ctx: IExecuteFunctions, what = 'member registry'): Promise<SqlDb> {
	const credential = (await ctx.getCredentials('alerteCommercesRegistry')) as RegistryCredentialData;
	try {
		return await sharedDb(storeConfigFromCredential(credential));
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Cannot open the ${what}: ${(error as Error).message}`, { description: CHECK_CREDENTIAL });
	}
}

/** The member register of the node's credential. */
export async function registryFromCredential(ctx: IExecuteFunctions): Promise<RegistryStore> {
	return new RegistryStore(await registryDbFromCredential(ctx));
}

/** The dispatch ledger, in the register's database (created or migrated on first use). */
export async function ledgerFromCredential(ctx: IExecuteFunctions): Promise<Ledger> {
	const db = await registryDbFromCredential(ctx, 'dispatch ledger');
	try {
		return await ledgerOf(db);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Cannot open the dispatch ledger: ${(error as Error).message}`, {
			description: 'The ledger lives in the registry database: check the Alerte Commerces Registry credential.',
		});
	}
}
