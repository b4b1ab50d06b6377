export * from './types';
export * from './siret';
export * from './validate';
export * from './schema';
export * from './store';
export * from './connection';
export * from './columns';
export * from './transition';
