import { catalogue } from './catalogue.js';
import { loadFunctions } from './_shared/function.js';

/** Every function of the catalogue, its code loaded: what runs them all (embedded, multi), the gateway, the manifests and the tests use. */
export const registry = await loadFunctions(catalogue);

export { findFunction } from './catalogue.js';
