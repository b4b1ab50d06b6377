export * from './reference';
export * from './names';
export * from './france';
export * from './contours';
