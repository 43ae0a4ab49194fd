/** The pure domain: pods in, lifecycles, findings and views out. No I/O. */
export * from './types';
export * from './views';
export * from './stream';
export * from './quantity';
export * from './classify';
export * from './digest';
export * from './workload';
export * from './events';
export * from './metrics';
export * from './resources';
export * from './kubectl-status';
export * from './observe';
export * from './lifecycle';
export * from './findings';
export * from './derive-views';
