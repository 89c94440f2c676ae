export * from './active-rule-set.ts';
export * from './impact-preview.ts';
export * from './rule-codes.ts';
export * from './rule-set.ts';
