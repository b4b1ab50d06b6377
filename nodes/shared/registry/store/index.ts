export { RegistryStore } from './registry-store';
export { registryOn, openRegistry, sharedDb, closeSharedDbs } from './open';
export type { UpsertResult } from './writes';
export type { AdherentQuery, SearchResult } from './search';
export type { RegistryStatistics } from './statistics';
export type { AdherentPlace, PhoneChangeResult } from './member-changes';
