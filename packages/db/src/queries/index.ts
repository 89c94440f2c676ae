export * from './conversation-filter.ts';
export * from './cursor.ts';
export * from './list-conversations.ts';
