import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { RegistryStore } from '../../shared/registry';

/** Sector Targeting's resources and their operations: deciding an alert's recipients, and drawing its decision map. */
export interface SectorTargetingType {
	alert: 'target' | 'drawMap';
}

/** An operation: its fields, and what it does with the registry (open when the members come from it). */
export interface TargetingOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, store: RegistryStore | undefined): Promise<INodeExecutionData[]>;
}
