import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import type { ValidationOptions } from '../../shared/incident';
import { validateSenderId } from '../../shared/sms';

/** The node's configuration, checked once: a wrong setting is an error of the workflow, not of one incident. */
export interface Settings {
	/** What every mode checks an incident against. */
	validation: Pick<ValidationOptions, 'departements' | 'sharedCode' | 'futureToleranceMinutes'>;
	/** From Email: the addresses and @domains allowed to send alerts (empty in the other modes). */
	allowedSenders: string[];
	/** From Email: the receiving server's authserv-id; when set, its DMARC/DKIM verdict is required. */
	authServId?: string;
}

/** The settings only From Email has. */
export type SenderSettings = Pick<Settings, 'allowedSenders' | 'authServId'>;

function readDepartements(ctx: IExecuteFunctions): string[] {
	const departements = String(ctx.getNodeParameter('departements', 0, '') ?? '')
		.split(/[\s,;]+/)
		.map((d) => d.trim().toUpperCase())
		.filter(Boolean);
	if (departements.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No département configured', {
			description: 'Set "Départements" to the codes the scheme covers (e.g. 63), so that communes elsewhere are refused.',
		});
	}
	return departements;
}

/** The secret of the Sender Code credential, when the node requires one. */
async function readSharedCode(ctx: IExecuteFunctions): Promise<string | undefined> {
	if (ctx.getNodeParameter('requireCode', 0, false) !== true) return undefined;
	const credential = await ctx.getCredentials('alerteCommercesSenderCode');
	const sharedCode = String(credential.secret ?? '').trim();
	if (!sharedCode) {
		throw new NodeOperationError(ctx.getNode(), 'The shared code credential is empty', {
			description: 'Fill in the Alerte Commerces Sender Code credential, or turn off "Require Shared Code".',
		});
	}
	return sharedCode;
}

/** Refuses an invalid Sender ID; one operators may block is said in the editor, since an alert is never held back for it. */
function checkSenderId(ctx: IExecuteFunctions, options: IDataObject): void {
	if (typeof options.sender !== 'string' || !options.sender.trim()) return;
	const check = validateSenderId(options.sender);
	if (!check.ok) throw new NodeOperationError(ctx.getNode(), check.message, { description: 'Networks accept at most 11 letters and digits, or a phone number.' });
	ctx.addExecutionHints(...check.warnings.map((warning) => ({ message: warning.message, type: 'warning' as const, location: 'outputPane' as const })));
}

/** The settings every mode shares (a mode adds its own, see ComposeModeActions.readSettings). */
export async function readSettings(ctx: IExecuteFunctions): Promise<Settings> {
	const departements = readDepartements(ctx);
	const sharedCode = await readSharedCode(ctx);
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	checkSenderId(ctx, options);
	const tolerance = options.futureToleranceMinutes;
	return {
		validation: { departements, sharedCode, futureToleranceMinutes: typeof tolerance === 'number' ? tolerance : undefined },
		allowedSenders: [],
	};
}
