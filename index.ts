/**
 * The domain API of n8n-nodes-alerte-commerces, usable without n8n (scripts, tools, tests).
 * The n8n nodes and credentials are loaded by n8n from the paths in package.json.
 */
export { validateAdherent, checkSiret, adherentFromRow, openRegistry, RegistryStore, storeConfigFromCredential } from './nodes/shared/registry';
export type { Adherent, AdherentStatus, AdherentValidation, FieldError, AdherentQuery, RegistryStatistics } from './nodes/shared/registry';
export { normalizeMobile, maskPhone } from './nodes/shared/phone';
export { normalizeNaf, professionsForNaf, professionCatalog } from './nodes/shared/naf';
export { resolveCommune, communeByCode } from './nodes/shared/geo';
export type { Commune } from './nodes/shared/geo';
export { INCIDENT_TYPES, isIncidentType } from './nodes/shared/incident/types';
export type { Incident, IncidentType, Area, AreaLevel } from './nodes/shared/incident/types';
export { parseIncidentEmail, incidentFromFields, validateIncident, isAllowedSender, parseAllowedSenders, parseFrenchDate, toParisIso } from './nodes/shared/incident';
export type { IncidentEmail, IncidentResult, IncidentError } from './nodes/shared/incident';
export { composeAlert, tryComposeAlert, alertIdOf, AlertRefusedError } from './nodes/shared/alert';
export type { Alert, ComposeOptions } from './nodes/shared/alert';
export { buildCapXml } from './nodes/shared/cap';
export { smsInfo, smsEncoding, countSegments, countSeptets, toGsm7, isGsm7, validateSenderId, SEGMENT_LIMITS } from './nodes/shared/sms';
export { loadRuleset, defaultRuleset, planTargeting, selectRecipients, selectFromMembers, selectRecipientsFromStore, selectFromStore, summarizeSelection, compileVisualRules, decompileRuleset, incidentFacts } from './nodes/shared/targeting';
export type { Ruleset, TargetingRule, TargetingPlan, PlanPart, Recipient, Reason, Selection, Exclusion, RulesetError, RulesetLoad, AreaPolicy, TargetingFacts, TargetingSummary, VisualRule, VisualRuleset } from './nodes/shared/targeting';
export * from './nodes/shared/dispatch';
