import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { normalizeMobile } from '../../../shared/phone';
import { checkSiret, type Adherent, type ChangeSource, type RegistryStore } from '../../../shared/registry';

/** The item's SIRET parameter, checked; an error that says where to find a valid one. */
export function requireSiret(ctx: IExecuteFunctions, index: number): string {
	const raw = ctx.getNodeParameter('siret', index) as string;
	const check = checkSiret(String(raw));
	if (!check.ok) {
		throw new NodeOperationError(ctx.getNode(), `Invalid SIRET: ${check.message}`, {
			itemIndex: index,
			description: 'A SIRET has 14 digits; copy it from the member record or the company\'s INSEE notice.',
		});
	}
	return check.siret;
}

/** The item's mobile number parameter, in E.164. */
export function requirePhone(ctx: IExecuteFunctions, index: number, parameter = 'phone'): string {
	const raw = ctx.getNodeParameter(parameter, index) as string;
	const check = normalizeMobile(raw);
	if (!check.ok) {
		throw new NodeOperationError(ctx.getNode(), `Invalid phone number: ${check.message}`, {
			itemIndex: index,
			description: 'Give the mobile number as the member wrote it, e.g. 06 12 34 56 78 or +33 6 12 34 56 78.',
		});
	}
	return check.e164;
}

/** Who makes a journaled change: required, since the CCI's digest shows it. */
export function changeSource(ctx: IExecuteFunctions, index: number): ChangeSource {
	const source = String(ctx.getNodeParameter('changeSource', index, '') ?? '').trim();
	if (!source) {
		throw new NodeOperationError(ctx.getNode(), 'The change has no source', {
			itemIndex: index,
			description: 'Fill in Change Source with who makes the change, e.g. "Mon adhésion" for the members\' page or "CCI" for the staff: the CCI\'s digest shows it.',
		});
	}
	return { source };
}

/** The error of a change asked for a SIRET the register does not hold. */
export function unknownMember(ctx: IExecuteFunctions, index: number, siret: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `No member with SIRET ${siret}`, {
		itemIndex: index,
		description: 'Check the SIRET: the member may have been erased, or never enrolled.',
	});
}

/** The member of the item's SIRET, for a change that needs it to exist. */
export async function requireMember(ctx: IExecuteFunctions, store: RegistryStore, index: number): Promise<Adherent> {
	const siret = requireSiret(ctx, index);
	const member = await store.get(siret);
	if (!member) throw unknownMember(ctx, index, siret);
	return member;
}
