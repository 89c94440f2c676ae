export * from './chat-format.ts';
export * from './export-job.ts';
export * from './write-export.ts';
