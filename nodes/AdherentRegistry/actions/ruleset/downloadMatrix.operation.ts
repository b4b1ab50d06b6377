import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { matrixToCsv, rulesetToMatrix } from '../../../shared/targeting';
import { currentVersion } from './versions';

/** Download Matrix: the version in force as a CSV matrix, in a binary field, one file per input item (fields: matrixFields). */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	const version = await currentVersion(this, store);
	const matrix = rulesetToMatrix(version.ruleset);
	const who = version.version === 0 ? 'règles par défaut du paquet (aucune version publiée)' : `version ${version.version}, publiée par ${version.author} le ${(version.publishedAt ?? '').slice(0, 10)}`;
	const csv = matrixToCsv(matrix, [`Règles en vigueur : ${who}.`]);
	const out: INodeExecutionData[] = [];
	const items = this.getInputData();
	for (let index = 0; index < items.length; index++) {
		const property = this.getNodeParameter('binaryPropertyName', index, 'data') as string;
		const binary = await this.helpers.prepareBinaryData(Buffer.from(csv, 'utf8'), `regles-alerte-commerces-v${version.version}.csv`, 'text/csv');
		out.push({
			json: { version: version.version, author: version.author, publishedAt: version.publishedAt ?? null, rows: matrix.rows.length, columns: matrix.columns.length, kept: matrix.kept },
			binary: { [property]: binary },
			pairedItem: { item: index },
		});
	}
	return [out];
}
