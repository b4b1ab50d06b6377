export * from './nodes/shared/geo';
