export * from './enrich/profile.ts';
export * from './rules/rule-codes.ts';
export * from './rules/rule-set.ts';
