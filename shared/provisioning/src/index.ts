export { provision, UnreachableError } from './provision.js';
export type { ProvisionTarget, ProvisionReport } from './provision.js';
export { collectionCatalog } from './collection-catalog.js';
