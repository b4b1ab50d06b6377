export * from './types';
export { FACTS, incidentFacts, parisClock } from './facts';
export { resolveArea } from './area';
export { schemaErrors } from './schema';
export { loadRuleset, defaultRuleset } from './load';
export { planTargeting } from './plan';
export { RecipientCollector, parisDate } from './collect';
export type { CollectedMember } from './collect';
export { selectRecipients, selectFromMembers, MemberMatcher, type SelectableAdherent } from './select';
export { selectRecipientsFromStore, selectFromStore, professionsFromStore, type SqlSource } from './sql';
export { countByRule, countExclusions, groupRecipients, summarizeSelection, type RecipientGroup, type TargetingSummary } from './summary';
export { decisionSummary, DEFAULT_MAX_RECIPIENTS, NO_PROFESSION, type DecisionGroup, type DecisionInput, type DecisionPrice, type DecisionSummary } from './decision';
export { decisionMap, decisionPlace, type DecisionMapOptions, type DecisionPlace } from './decision-map';
export { decisionMapParameter, decisionMapFromParameter, InvalidMapLinkError, MAX_MAP_PARAMETER, type DecisionMapData } from './map-link';
export { svgToPng, MAP_PNG_WIDTH, type MapPicture } from './map-png';
export { decisionSummaryHtml, decisionSummaryText, escapeHtml, EXCLUSION_LABELS, type DecisionTextOptions } from './decision-text';
export { compileVisualRules, decompileRuleset, type VisualHours, type VisualRule, type VisualRuleset, type VisualDecompile } from './visual';
export { compareRulesets, InvalidRulesetError, type CompareRulesetsInput, type MemberChange, type RulesetComparison, type RulesetFigures, type RulesetInput } from './compare';
export { simulatedYear, centroidsOf, communeByPopulation, seededRandom, weightedPicker, ARTICLES_YEAR, type SimulatedYearOptions } from './simulate';
export {
	RulesetStore,
	openRulesetStore,
	rulesetStoreOf,
	packageDefaultVersion,
	StoredRulesetInvalidError,
	RULESET_MIGRATIONS,
	PACKAGE_DEFAULT_VERSION,
	type RulesetVersion,
	type RulesetVersionInfo,
	type PublishRulesetInput,
	type RollbackRulesetInput,
	type PublishResult,
} from './store';
export {
	rulesetToMatrix,
	matrixToRuleset,
	matrixToCsv,
	readMatrixCsv,
	matrixChanges,
	formatMatrixArea,
	formatMatrixCell,
	matrixColumnLabel,
	cellReference,
	EVERY_MEMBER,
	type RulesMatrix,
	type MatrixArea,
	type MatrixError,
	type MatrixRead,
	type MatrixRuleset,
	type MatrixChange,
	type MatrixToRulesetOptions,
} from './matrix';
export { rulesetComparisonHtml, comparisonChartHtml, type ComparisonPageInput, type ComparedMember } from './compare-text';
export {
	RulesetProposals,
	rulesetProposalsOf,
	proposalLine,
	proposalRefusal,
	samePerson,
	DEFAULT_RULESET_APPROVAL_MINUTES,
	type RulesetProposal,
	type ProposalDecision,
	type ProposeRulesetInput,
	type ProposeResult,
	type ProposalCheck,
	type ProposalOutcome,
} from './proposals';
