import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { RulesetError } from './types';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const SCHEMA = require('../../../rules/ruleset.schema.json') as Record<string, unknown>;

let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
	// `x-hint` carries the sentence shown to a CCI staffer when that part of the schema fails.
	const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
	ajv.addKeyword({ keyword: 'x-hint', schemaType: 'string' });
	return ajv.compile(SCHEMA);
}

/** Plain-language messages for the JSON Schema keywords, when the schema gives no hint. */
const MESSAGES: Record<string, (error: ErrorObject) => string> = {
	required: (e) => `"${String(e.params.missingProperty)}" is missing`,
	additionalProperties: (e) => `unknown field "${String(e.params.additionalProperty)}" (check its spelling)`,
	type: (e) => `must be ${article(String(e.params.type))} ${String(e.params.type)}`,
	enum: (e) => `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}`,
	const: (e) => `must be ${JSON.stringify(e.params.allowedValue)}`,
	minItems: (e) => `needs at least ${String(e.params.limit)} entr${e.params.limit === 1 ? 'y' : 'ies'}`,
	minLength: () => 'must not be empty',
	maxLength: (e) => `must be at most ${String(e.params.limit)} characters`,
	pattern: () => 'has the wrong format',
};

function article(type: string): string {
	return /^[aeiou]/.test(type) ? 'an' : 'a';
}

function hint(error: ErrorObject): string | undefined {
	const parent = error.parentSchema as { 'x-hint'?: string } | undefined;
	return error.keyword === 'required' || error.keyword === 'additionalProperties' ? undefined : parent?.['x-hint'];
}

function escapePointer(token: string): string {
	return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function toError(error: ErrorObject): RulesetError {
	const propertyName = error.propertyName ?? (error.keyword === 'additionalProperties' ? String(error.params.additionalProperty) : undefined);
	const path = propertyName === undefined ? error.instancePath : `${error.instancePath}/${escapePointer(propertyName)}`;
	const message = hint(error) ?? MESSAGES[error.keyword]?.(error) ?? error.message ?? 'is not valid';
	return { path: path || '/', message };
}

/** Checks a document against rules/ruleset.schema.json; errors carry JSON-pointer paths. */
export function schemaErrors(document: unknown): RulesetError[] {
	validator ??= compile();
	if (validator(document)) return [];
	const seen = new Set<string>();
	const errors: RulesetError[] = [];
	for (const error of validator.errors ?? []) {
		// propertyNames reports twice (the name's own pattern, then propertyNames itself).
		if (error.keyword === 'propertyNames') continue;
		const converted = toError(error);
		const key = `${converted.path} ${converted.message}`;
		if (!seen.has(key)) {
			seen.add(key);
			errors.push(converted);
		}
	}
	return errors;
}
