import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { frenchDateTime } from '../../../shared/incident/dates';
import { linkWithToken } from '../../../shared/link-token';
import type { RegistryStore } from '../../../shared/registry';
import { DEFAULT_RULESET_APPROVAL_MINUTES, escapeHtml } from '../../../shared/targeting';
import { perItem } from '../../helpers/perItem';
import { proposalsOf, proposalView } from './approvals';
import { readDocument } from './fields';
import { errorText } from './versions';

const properties: INodeProperties[] = [
	{
		displayName:
			'Nothing is published yet: the change waits for a second person, who opens the link, sees the comparison and approves (the version is then published in the proposer\'s name, the approver recorded) or refuses. The proposer cannot approve their own change.',
		name: 'requestApprovalNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Approval Page URL',
		name: 'rulesetApprovalPageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.cci63.fr/form/alerte-commerces/regles/validation',
		description: 'Address of the approval form (a Form Trigger with a hidden field "jeton"); the link adds the token to it',
	},
	{
		displayName: 'Link Validity (Minutes)',
		name: 'rulesetApprovalMinutes',
		type: 'number',
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: DEFAULT_RULESET_APPROVAL_MINUTES,
		description: 'After this, the link says it has expired and publishes nothing',
	},
	{
		displayName: 'Comparison (HTML)',
		name: 'comparisonHtml',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: "{{ $('Comparer').first().json.html }}",
		description: 'The effect of the change the proposer saw (Compare Matrix\'s html), shown again to the approver',
	},
];

/** Request Approval's own fields; it also shows the ruleset document fields, Author and Reason (fields.ts). */
export const description = updateDisplayOptions({ show: { resource: ['ruleset'], operation: ['requestApproval'] } }, properties);

/** Request Approval: stores the proposal; its link on the first output, a refused ruleset (every error) on the second. */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	const proposals = await proposalsOf(store);
	const invalid: INodeExecutionData[] = [];
	const requested = await perItem(this, async (index, item) => {
		const pageUrl = String(this.getNodeParameter('rulesetApprovalPageUrl', index, '')).trim();
		if (!/^https?:\/\//.test(pageUrl)) {
			throw new NodeOperationError(this.getNode(), 'Approval Page URL is not a web address', {
				itemIndex: index,
				description: 'Give the address of the rules approval form (Form Trigger with a hidden field "jeton"), e.g. https://n8n.cci63.fr/form/alerte-commerces/regles/validation.',
			});
		}
		const author = this.getNodeParameter('author', index) as string;
		const reason = this.getNodeParameter('reason', index) as string;
		const minutes = Math.max(0.01, Number(this.getNodeParameter('rulesetApprovalMinutes', index, DEFAULT_RULESET_APPROVAL_MINUTES)));
		const summaryHtml = String(this.getNodeParameter('comparisonHtml', index, '') ?? '');
		const result = await proposals.propose({ ruleset: readDocument(this, item, index), author, reason, summaryHtml, validityMs: minutes * 60_000 });
		if (!result.ok) {
			invalid.push({ json: { errors: result.errors as unknown as IDataObject[], message: errorText(result.errors), author, reason }, pairedItem: { item: index } });
			return [];
		}
		const url = linkWithToken(pageUrl, result.token);
		const { proposal } = result;
		const expiresAtText = frenchDateTime(proposal.expiresAt);
		// The approver's email, every value escaped: the link, its expiry, and the comparison the proposer saw.
		const emailHtml =
			`<p>${escapeHtml(proposal.author)} propose une nouvelle version des règles de ciblage (« ${escapeHtml(proposal.reason)} »). ` +
			`Elle n'est publiée que si une seconde personne la valide.</p>` +
			`<p><a href="${escapeHtml(url)}">Ouvrir la page de validation</a> (identifiant et mot de passe des valideurs). Le lien sert une seule fois et expire le ${expiresAtText} : passé ce délai, rien n'est publié.</p>` +
			(proposal.summaryHtml ?? '');
		return [{ ...proposalView(proposal), approval: { url, expiresAt: new Date(proposal.expiresAt).toISOString(), expiresAtText, validityMinutes: minutes, emailHtml } }];
	});
	return [requested, invalid];
}
