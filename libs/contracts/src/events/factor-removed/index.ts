export * as V1 from './v1';
