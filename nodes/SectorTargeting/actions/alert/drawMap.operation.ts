import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { decisionMap, decisionMapFromParameter, InvalidMapLinkError, MAP_PNG_WIDTH, svgToPng } from '../../../shared/targeting';

/** The map link's parameter, and where the picture goes. */
export const description: INodeProperties[] = [
	{
		displayName: 'Map Link Parameter',
		name: 'mapParameter',
		type: 'string',
		required: true,
		default: '={{ $json.query.carte }}',
		description:
			'The "carte" parameter of a map link, as a dry run with Map Image URL writes it into its decision HTML; from a Webhook node: {{ $json.query.carte }}',
	},
	{
		displayName: 'Image Format',
		name: 'mapFormat',
		type: 'options',
		options: [
			{ name: 'PNG', value: 'png', description: `${MAP_PNG_WIDTH} pixels wide: shown by every mail client, Gmail and Outlook included` },
			{ name: 'SVG', value: 'svg', description: 'Sharp at any size and light, but Gmail and Outlook (desktop) do not show it in an email' },
		],
		default: 'svg',
		description: 'The picture\'s format; workflow 12 answers PNG so that the map shows in every approval email',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		hint: 'The picture goes in this binary field; answer the webhook with it (Respond to Webhook → Binary File)',
	},
];

const REOPEN = 'Open the map again from the decision page or email: the link is made by Sector Targeting and must be used whole.';

/** Draw Decision Map: one picture (SVG or PNG) per item, from the map link a dry run made; nothing read from the registry. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		try {
			const data = decisionMapFromParameter(String(this.getNodeParameter('mapParameter', index, '')));
			const svg = decisionMap(data);
			if (!svg) throw new NodeOperationError(this.getNode(), 'No outline is shipped for the département of this map', { itemIndex: index, description: 'The package draws the départements whose contours are in data/contours/.' });
			const field = this.getNodeParameter('binaryPropertyName', index, 'data') as string;
			const png = this.getNodeParameter('mapFormat', index, 'svg') === 'png' ? (await svgToPng(svg)).png : undefined;
			const binary = png
				? await this.helpers.prepareBinaryData(png, 'carte-alerte-commerces.png', 'image/png')
				: await this.helpers.prepareBinaryData(Buffer.from(svg, 'utf8'), 'carte-alerte-commerces.svg', 'image/svg+xml');
			const json: IDataObject = { communes: data.place?.reached.length ?? 0, sms: data.messages, bytes: png ? png.length : Buffer.byteLength(svg) };
			out.push({ json, binary: { [field]: binary }, pairedItem: { item: index } });
		} catch (error) {
			const wrapped =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex: index, description: error instanceof InvalidMapLinkError ? REOPEN : undefined });
			if (!this.continueOnFail()) throw wrapped;
			out.push({ json: { error: wrapped.message }, pairedItem: { item: index } });
		}
	}
	return out;
}
