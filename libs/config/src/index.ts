export * from './load';
export * from './duration';
export * as configParts from './parts';
