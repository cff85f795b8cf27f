export * from './health';
export * from './errors.filter';
export * from './http-app';
export * from './form';
export * from './typeorm';
export * from './pagination';
