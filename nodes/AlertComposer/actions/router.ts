import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { tryComposeAlert, type AlertMsgType } from '../../shared/alert';
import { alertItem, composeOptions, refusedItem } from '../helpers/alert';
import { readSettings, type Settings } from '../helpers/settings';
import { chosen } from '../../common/router';
import { modeProperty, modes } from './compose/Compose.resource';

/** Reads every input item with the workflow's mode and routes it to output 0 (alert) or 1 (refused, with every reason). */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const mode = modes[chosen(this, modeProperty, modes, String(this.getNodeParameter('mode', 0)), 'Alert Composer modes')];
	const settings: Settings = { ...(await readSettings(this)), ...mode.readSettings?.call(this) };
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const msgType = this.getNodeParameter('msgType', 0, 'Alert') as AlertMsgType;
	const alerts: INodeExecutionData[] = [];
	const refusals: INodeExecutionData[] = [];
	const items = this.getInputData();
	for (let index = 0; index < items.length; index++) {
		try {
			const { result, input, sent } = mode.read.call(this, index, settings);
			if (!result.ok) {
				refusals.push(refusedItem(result.errors, input, index));
				continue;
			}
			const composed = tryComposeAlert(result.incident, composeOptions(this, index, { options, msgType, sent }));
			if (!composed.ok) {
				refusals.push(refusedItem(composed.errors, input, index));
				continue;
			}
			alerts.push(alertItem(composed.alert, result, index));
		} catch (error) {
			if (!this.continueOnFail()) {
				throw new NodeOperationError(this.getNode(), error instanceof Error ? error : String(error), {
					itemIndex: index,
					description: 'An unexpected error while composing this alert; the item was not sent.',
				});
			}
			// Unexpected errors go to the review output, never towards SMS dispatch.
			refusals.push(refusedItem([{ field: 'node', message: error instanceof Error ? error.message : String(error) }], {}, index));
		}
	}
	return [alerts, refusals];
}
