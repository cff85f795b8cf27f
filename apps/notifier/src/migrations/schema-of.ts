export { schemaOf } from '@gatehouse/platform';
