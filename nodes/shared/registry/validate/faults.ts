import type { FieldError } from '../types';

/** The faults found in one row, in the order found; a field at fault is not checked further. */
export class Faults {
	readonly errors: FieldError[] = [];
	private readonly fields = new Set<string>();

	/** Records what is wrong with `field`. */
	add(field: string, message: string): void {
		this.fields.add(field);
		this.errors.push({ field, message });
	}

	/** Whether any of `fields` is already at fault: its value is not worth reading further. */
	has(...fields: string[]): boolean {
		return fields.some((field) => this.fields.has(field));
	}
}
