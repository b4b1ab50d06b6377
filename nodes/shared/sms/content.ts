import { findBusinessName, findLicencePlate, findPersonName } from './identities';
import { findAddresses } from './links';
import { findPhoneNumber } from './phones';
import { readableForms } from './readable';

/**
 * What an SMS to members may never carry: a link or an IP address (phishing), a phone number
 * to call (phishing, premium numbers), a person's or a business's name (the victim is never
 * named), a licence plate (CNIL).
 */
export type SmsContentKind = 'link' | 'ip' | 'phone' | 'person' | 'business' | 'plate';

export const SMS_CONTENT_KINDS: readonly SmsContentKind[] = ['link', 'ip', 'phone', 'person', 'business', 'plate'];

/** One thing found, quoted as the reader of the SMS would see it. */
export interface SmsContentFinding {
	kind: SmsContentKind;
	match: string;
}

/** Each detector finds at most one thing of each of its kinds. */
type Detector = (text: string) => SmsContentFinding[];

const DETECTORS: Array<{ kinds: SmsContentKind[]; find: Detector }> = [
	{ kinds: ['link', 'ip'], find: findAddresses },
	{ kinds: ['phone'], find: (text) => found('phone', findPhoneNumber(text)) },
	{ kinds: ['person'], find: (text) => found('person', findPersonName(text)) },
	{ kinds: ['business'], find: (text) => found('business', findBusinessName(text)) },
	{ kinds: ['plate'], find: (text) => found('plate', findLicencePlate(text)) },
];

function found(kind: SmsContentKind, match: string | undefined): SmsContentFinding[] {
	return match === undefined ? [] : [{ kind, match }];
}

/**
 * What `text` carries that an SMS may not, at most one finding per kind. The text is read as
 * each member may receive it (transliterated to GSM-7, or in UCS-2 with invisible characters
 * and full-width forms seen through), so `evil\u200b.fr` or `０６ １２ …` is found like `evil.fr`.
 * `kinds` limits the search (default: all).
 */
export function findForbiddenContent(text: string, kinds: readonly SmsContentKind[] = SMS_CONTENT_KINDS): SmsContentFinding[] {
	const findings: SmsContentFinding[] = [];
	const forms = readableForms(text);
	for (const detector of DETECTORS) {
		const wanted = detector.kinds.filter((kind) => kinds.includes(kind));
		for (const kind of wanted) {
			for (const form of forms) {
				const finding = detector.find(form).find((f) => f.kind === kind);
				if (finding) {
					findings.push(finding);
					break;
				}
			}
		}
	}
	return findings;
}
