export * from './client.ts';
export * from './migrate.ts';
export * from './statuses.ts';
export * from './unavailable.ts';
