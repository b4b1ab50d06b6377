export { validateAdherent } from './adherent';
export type { AdherentInput } from './input';
export { normalizeDate, normalizeDateTime } from '../dates';
