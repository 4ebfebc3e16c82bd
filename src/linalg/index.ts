export { zeros, identity, fromArray, toArray } from './matrix';
export type { Matrix } from './matrix';
