import type { IDataObject } from 'n8n-workflow';

/** Whether an item's value is a JSON object (not an array, not null). */
export const isObject = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);
