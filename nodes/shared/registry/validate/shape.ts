import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { maskPhoneInput } from '../../phone';
import { quoted } from '../../text';
import { ADHERENT_STATUSES } from '../types';
import { Faults } from './faults';
import type { AdherentInput } from './input';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SCHEMA = require('../../../../rules/adherent.schema.json') as object;

/** The shapes of rules/adherent.schema.json (ajv) and their messages, one per field at fault. */

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
	if (!compiled) {
		const ajv = new Ajv({ allErrors: true, strict: false });
		addFormats(ajv, ['email']);
		compiled = ajv.compile(SCHEMA);
	}
	return compiled;
}

/** Fields that hold phone numbers: their values are masked in messages. */
const PHONE_FIELDS = new Set(['phones', 'optOuts']);

/** Bounds of the list fields, read once from the schema's array form; they also bound the `a; b` form. */
const LIST_FIELDS = ['phones', 'zones', 'professions'] as const;
type ListField = (typeof LIST_FIELDS)[number];
const LIST_LIMITS = listLimits(SCHEMA, LIST_FIELDS);

type ListLimit = { maxItems: number; maxLength?: number };

function listLimits(schema: object, fields: readonly ListField[]): Record<ListField, ListLimit> {
	type Branch = { type?: unknown; maxItems?: number; items?: { maxLength?: number } };
	const properties = (schema as { properties: Record<string, { anyOf?: Branch[] }> }).properties;
	return Object.fromEntries(
		fields.map((field) => {
			const array = properties[field].anyOf?.find((b) => b.type === 'array');
			if (array?.maxItems === undefined) throw new Error(`rules/adherent.schema.json: ${field} needs an array form with maxItems`);
			return [field, { maxItems: array.maxItems, maxLength: array.items?.maxLength }];
		}),
	) as Record<ListField, ListLimit>;
}

function fieldOf(error: ErrorObject): string {
	const path = error.instancePath.replace(/^\//, '').split('/')[0];
	if (error.keyword === 'required' && !path) return String((error.params as { missingProperty: string }).missingProperty);
	return path || '(row)';
}

/** The value an error is about, from the row (errors are rare: no need for ajv's verbose mode). */
function valueAt(row: AdherentInput, instancePath: string): unknown {
	let value: unknown = row;
	for (const key of instancePath.split('/').slice(1)) value = (value as Record<string, unknown> | undefined)?.[key];
	return value;
}

/** An input in a message: cut if long, masked if it may be a phone number. */
function shown(field: string, value: unknown): string {
	const text = String(value ?? '');
	return PHONE_FIELDS.has(field) ? `"${maskPhoneInput(text)}"` : quoted(text, 30);
}

function messageOf(error: ErrorObject, field: string, row: AdherentInput): string {
	// `optOuts/0/at` → `optOuts[0].at`: which entry of a list is at fault.
	const where = error.instancePath.slice(1).replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.') || field;
	const limit = (error.params as { limit?: number }).limit;
	switch (error.keyword) {
		case 'required':
			return where === field ? `${field} is required` : `${where}.${(error.params as { missingProperty: string }).missingProperty} is required`;
		case 'format':
			return `${where} is not a valid e-mail address`;
		case 'minLength':
		case 'pattern':
			return `${where} must not be empty`;
		case 'maxLength': {
			const value = String(valueAt(row, error.instancePath) ?? '');
			return `${where} is too long: ${shown(field, value)} has ${value.length} characters, ${limit} at most; shorten it`;
		}
		case 'maxItems': {
			const count = (valueAt(row, error.instancePath) as unknown[] | undefined)?.length;
			return `${where} has ${count} entries, ${limit} at most; keep the ones that matter`;
		}
		case 'enum':
			return `${where} must be one of ${ADHERENT_STATUSES.join(', ')}`;
		default:
			return `${where} ${error.message ?? 'is invalid'}`;
	}
}

/**
 * Which of a field's errors to report: anyOf reports each branch, and `phones is too long` says
 * more than `phones must be array` (the branch the input did not choose). Lower is better.
 */
const KEYWORD_RANK: Record<string, number> = { required: 0, maxLength: 1, maxItems: 1, type: 3, const: 4, anyOf: 5 };
const rankOf = (error: ErrorObject) => KEYWORD_RANK[error.keyword] ?? 2;

/** The faults of a row's shape, one per field (its most telling error): the checks start from them. */
export function shapeFaults(row: AdherentInput): Faults {
	const faults = new Faults();
	const validate = schemaValidator();
	if (validate(row)) return faults;
	const best = new Map<string, ErrorObject>();
	for (const error of validate.errors ?? []) {
		const field = fieldOf(error);
		const known = best.get(field);
		if (!known || rankOf(error) < rankOf(known)) best.set(field, error);
	}
	for (const [field, error] of best) faults.add(field, messageOf(error, field, row));
	return faults;
}

/**
 * What is wrong with a list once split (`a; b; c` escapes the schema's maxItems and items'
 * maxLength, which see one string): one message, or undefined when it is within the bounds.
 */
function listBoundsError(field: ListField, items: string[]): string | undefined {
	const { maxItems, maxLength } = LIST_LIMITS[field];
	if (items.length > maxItems) return `${field} has ${items.length} entries, ${maxItems} at most; keep the ones that matter`;
	const long = maxLength === undefined ? undefined : items.find((item) => item.length > maxLength);
	if (long !== undefined) return `${field}: ${shown(field, long)} has ${long.length} characters, ${maxLength} at most per entry; shorten it`;
	return undefined;
}

/** Holds a split list to the schema's bounds: false (the fault recorded) when it is past them. */
export function withinBounds(field: ListField, items: string[], faults: Faults): boolean {
	const error = listBoundsError(field, items);
	if (error) faults.add(field, error);
	return !error;
}
