export * from './types';
export { parseIncidentEmail, incidentFromFields, parseSubject, type IncidentEmail, type EmailOptions, type FieldsOptions } from './parse';
export { validateIncident, findLinkOrPhone, MAX_DESCRIPTION, type IncidentError, type IncidentResult, type RawIncident, type ValidationOptions } from './validate';
export { senderAddress, isAllowedSender, parseAllowedSenders, checkSender, type MailFrom } from './sender';
export { parseFrenchDate, toParisIso, parisTime, parisOffsetMinutes, fromParisTime, TIME_ZONE } from './dates';
export { matchIncidentType, matchSeverity, incidentTypeLabel, SEVERITIES, type Severity } from './vocabulary';
export { findFiche, htmlToText } from './body';
export { ficheField, type FicheField } from './keys';
