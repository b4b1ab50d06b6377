import type { Incident, IncidentType } from '../incident/types';
import { incidentTypeLabel } from '../incident/vocabulary';
import { abbreviate } from './abbreviations';
import { isAnticipation } from './anticipation';
import type { Settings } from './checks';
import { placeText } from './place';
import { opensSentence, sentence, upperFirst } from './sentence';
import { fill, part, TEMPLATES } from './templates';
import { timeText } from './time';
import type { ComposeOptions } from './types';

/** What the SMS text is built from, before anything is dropped to fit. */
export interface TextParts {
	template: string;
	prefix: string;
	facts: string;
	place: string;
	location?: string;
	occurredAt?: string;
	anticipated: boolean;
	/** The description's words, its first letter a capital. */
	description: string[];
	suspects?: string;
	instruction: string;
}

/** Which optional parts a rendering keeps. */
export interface FitState {
	suspects: boolean;
	location: boolean;
	/** Words of the description kept (from the start). */
	words: number;
	abbreviated: boolean;
}

/** The name at the head of the SMS, also the CAP `senderName`. */
export function labelOf(options: ComposeOptions): string {
	return options.label?.trim() || TEMPLATES.label;
}

/** The parts of the SMS of an incident, worded by rules/templates.json. */
export function textPartsOf(incident: Incident, options: ComposeOptions, settings: Settings): TextParts {
	const cancel = settings.msgType === 'Cancel';
	const description = (incident.description ?? '').trim();
	const anticipated = isAnticipation(incident, settings.sentMs);
	return {
		template: cancel ? TEMPLATES.cancel.sms : TEMPLATES.types[incident.type]?.sms ?? TEMPLATES.sms,
		prefix: fill(TEMPLATES.parts.prefix, {
			exercise: settings.exercise ? TEMPLATES.parts.exercise : '',
			label: labelOf(options),
			update: settings.msgType === 'Update' ? TEMPLATES.parts.update : '',
		}),
		facts: factsOf(incident.type, anticipated),
		place: placeText(incident.communes),
		location: incident.location,
		occurredAt: incident.occurredAt,
		anticipated,
		description: description ? upperFirst(description).split(/\s+/) : [],
		suspects: incident.suspects && opensSentence(TEMPLATES.parts.suspects, 'suspects') ? upperFirst(incident.suspects) : incident.suspects,
		instruction: cancel ? closingOf(options.endNote) : instructionOf(incident, options),
	};
}

/** What happened ("Vol à main armée"), or what is expected for a planned event. */
function factsOf(type: IncidentType, anticipated: boolean): string {
	const typeTemplate = TEMPLATES.types[type];
	const facts = typeTemplate?.facts ?? incidentTypeLabel(type);
	return anticipated ? typeTemplate?.anticipation?.facts ?? fill(TEMPLATES.anticipation.facts, { facts }) : facts;
}

/** The instruction: the incident's, else the option's, else the template's. */
function instructionOf(incident: Incident, options: ComposeOptions): string {
	return sentence(upperFirst((incident.instruction || options.instruction || TEMPLATES.instruction).trim())) ?? '';
}

/** An end of alert closes with the officer's note, if any, and the template's closing words. */
function closingOf(endNote: string | undefined): string {
	return [sentence(upperFirst(endNote?.trim() ?? '')), sentence(TEMPLATES.cancel.instruction)].filter(Boolean).join(' ');
}

/** The SMS text with the parts `state` keeps, spaces collapsed. */
export function renderText(parts: TextParts, state: FitState): string {
	const short = (text: string) => (state.abbreviated ? abbreviate(text) : text);
	const kept = parts.description.slice(0, state.words).join(' ').replace(/[\s,;:–-]+$/, '');
	const cut = state.words < parts.description.length;
	const description = kept ? short(cut ? `${kept}${TEMPLATES.ellipsis}` : kept) : undefined;
	const text = fill(parts.template, {
		prefix: short(parts.prefix),
		facts: short(parts.facts),
		place: parts.place,
		location: state.location ? part(TEMPLATES.parts.location, 'location', parts.location) : '',
		time: part(TEMPLATES.parts.time, 'time', timeText(parts.occurredAt, state.abbreviated, parts.anticipated)),
		description: part(TEMPLATES.parts.description, 'description', sentence(description)),
		suspects: state.suspects ? part(TEMPLATES.parts.suspects, 'suspects', sentence(parts.suspects)) : '',
		instruction: part(TEMPLATES.parts.instruction, 'instruction', parts.instruction),
	});
	return text.replace(/\s+/g, ' ').replace(/\s+([.,])/g, '$1').trim();
}
