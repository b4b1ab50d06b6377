/**
 * One reason an input was refused, or a remark on one that was accepted: a member row, a police
 * fiche, a rules matrix. The one error shape of the package (`FieldError`; `IncidentError` is the
 * same type under the name the incident API has always used).
 */
export interface FieldError {
	/** The field concerned, by its English name (`siret`, `phones`, `type`, `communes`, `occurredAt`…). */
	field: string;
	/** Plain English for the staff who review refusals, quoting the French input. */
	message: string;
	/** Communes the input may have meant, when it named none or several. */
	candidates?: Array<{ code: string; name: string }>;
}
