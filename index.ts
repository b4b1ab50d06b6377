/**
 * The domain API of n8n-nodes-alerte-commerces, usable without n8n (scripts, tools, tests).
 * The n8n nodes and credentials are loaded by n8n from the paths in package.json.
 */
export { validateAdherent, checkSiret, normalizeDate, normalizeDateTime, adherentFromRow, openRegistry, RegistryStore, storeConfigFromCredential, nafTransitionOf, nafTransitionReport } from './nodes/shared/registry';
export type { Adherent, AdherentStatus, AdherentValidation, FieldError, AdherentQuery, RegistryStatistics, NafTransitionRow, NafTransitionCandidate } from './nodes/shared/registry';
export { normalizeMobile, maskPhone, maskPhoneInput } from './nodes/shared/phone';
export { csvCell, FORMULA_TRIGGERS } from './nodes/shared/csv';
export {
	normalizeNaf,
	normalizeNafPattern,
	nafNomenclature,
	nafNomenclatures,
	nafLabel,
	nafSubclasses,
	nafRev2ToNaf2025,
	nafNaf2025ToRev2,
	nafPatternNomenclatures,
	nafMatches,
	nafMatchesIn,
	professionsForNaf,
	professionCatalog,
	nafForProfession,
	describeProfessionNaf,
	NAF_NOMENCLATURES,
	NAF_NOMENCLATURE_NAMES,
} from './nodes/shared/naf';
export type { NafNomenclature, NafByNomenclature } from './nodes/shared/naf';
export { resolveCommune, communeByCode } from './nodes/shared/geo';
export type { Commune } from './nodes/shared/geo';
export { INCIDENT_TYPES, isIncidentType } from './nodes/shared/incident/types';
export type { Incident, IncidentType, Area, AreaLevel } from './nodes/shared/incident/types';
export { parseIncidentEmail, incidentFromFields, validateIncident, isAllowedSender, parseAllowedSenders, parseFrenchDate, toParisIso } from './nodes/shared/incident';
export { checkAuthentication, parseAuthenticationResults, organizationalDomain, checkSender, senderAddress, MAX_BODY_TEXT, MAX_BODY_HTML } from './nodes/shared/incident';
export type { IncidentEmail, IncidentResult, IncidentError, EmailOptions, MailHeaders, AuthenticationResults, AuthenticationCheck } from './nodes/shared/incident';
export { composeAlert, tryComposeAlert, alertIdOf, AlertRefusedError } from './nodes/shared/alert';
export type { Alert, ComposeOptions } from './nodes/shared/alert';
export { buildCapXml } from './nodes/shared/cap';
export { smsInfo, smsEncoding, countSegments, countSeptets, toGsm7, isGsm7, validateSenderId, SEGMENT_LIMITS } from './nodes/shared/sms';
export { findForbiddenContent, SMS_CONTENT_KINDS } from './nodes/shared/sms/content';
export type { SmsContentKind, SmsContentFinding } from './nodes/shared/sms/content';
export { loadRuleset, defaultRuleset, planTargeting, selectRecipients, selectFromMembers, selectRecipientsFromStore, selectFromStore, summarizeSelection, compileVisualRules, decompileRuleset, incidentFacts, compareRulesets, InvalidRulesetError, simulatedYear, centroidsOf, ARTICLES_YEAR } from './nodes/shared/targeting';
export { RulesetStore, openRulesetStore, rulesetStoreOf, packageDefaultVersion, StoredRulesetInvalidError, PACKAGE_DEFAULT_VERSION } from './nodes/shared/targeting';
export type { RulesetVersion, RulesetVersionInfo, PublishRulesetInput, RollbackRulesetInput, PublishResult } from './nodes/shared/targeting';
export { RulesetProposals, rulesetProposalsOf, proposalRefusal, samePerson, DEFAULT_RULESET_APPROVAL_MINUTES } from './nodes/shared/targeting';
export type { RulesetProposal, ProposalDecision, ProposeRulesetInput, ProposeResult, ProposalCheck, ProposalOutcome } from './nodes/shared/targeting';
export { decisionSummary, decisionSummaryText, decisionSummaryHtml } from './nodes/shared/targeting';
export type { DecisionSummary, DecisionGroup, DecisionInput, DecisionTextOptions } from './nodes/shared/targeting';
export type { Ruleset, TargetingRule, TargetingPlan, PlanPart, Recipient, Reason, Selection, Exclusion, RulesetError, RulesetLoad, AreaPolicy, TargetingFacts, TargetingSummary, VisualHours, VisualRule, VisualRuleset, CompareRulesetsInput, RulesetComparison, RulesetFigures, MemberChange, RulesetInput, SimulatedYearOptions } from './nodes/shared/targeting';
export * from './nodes/shared/dispatch';
export { classifyReply, normalizeReplyText, parseIncomingSms, recordIncomingSms, replyUrlSignature, confirmationId, CONFIRMATION_TEXTS, STOP_PHRASES, START_PHRASES, KEYWORD_PREFIXES, REPLY_PROVIDERS } from './nodes/shared/replies';
export type { ReplyIntent, IncomingSms, IncomingParse, IncomingOutcome, IncomingContext, ReplyProviderName } from './nodes/shared/replies';
export { MailboxIntake, testMailboxConnection, parseIntakeMessage, intakeKeyOf, mailboxHealthEvent } from './nodes/shared/intake';
export type { MailboxConnection, MailboxIntakeOptions, IntakeLogger, IntakeStatus, IntakeMessage, IntakeHeaders, MailboxHealthEvent } from './nodes/shared/intake';
export { decisionMap, decisionPlace, svgToPng } from './nodes/shared/targeting';
export { departementContours } from './nodes/shared/geo';
export { CHANGE_ACTIONS, CHANGE_LABELS } from './nodes/shared/registry';
export type { AdherentChange, ChangeAction, ChangeQuery, ChangeSource, AdherentPlace, PhoneChangeResult } from './nodes/shared/registry';
export type { ReceivedMessage } from './nodes/shared/dispatch';
export { rulesetToMatrix, matrixToRuleset, matrixToCsv, readMatrixCsv, matrixChanges, formatMatrixArea, rulesetComparisonHtml } from './nodes/shared/targeting';
export type { ComparisonPageInput } from './nodes/shared/targeting';
export type { RulesMatrix, MatrixArea, MatrixError, MatrixRuleset, MatrixChange, MatrixToRulesetOptions } from './nodes/shared/targeting';
export { parseCsv, toCsv } from './nodes/shared/csv';
export { DEFAULT_MAX_RECIPIENTS } from './nodes/shared/targeting';
