export * from './accounts.ts';
export * from './config.ts';
export * from './conversations.ts';
export * from './jobs.ts';
export * from './metadata.ts';
export * from './operations.ts';
export * from './webhooks.ts';
