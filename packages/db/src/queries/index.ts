export * from './conversation-filter.ts';
export * from './cursor.ts';
export * from './insert-conversations.ts';
export * from './list-conversations.ts';
export * from './metadata.ts';
export * from './reference-data.ts';
