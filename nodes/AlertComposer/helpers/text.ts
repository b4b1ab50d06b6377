/** A parameter's value when it is text; expressions may give anything. */
export const optionalText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
