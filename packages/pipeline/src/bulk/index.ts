export * from './bulk-actions.ts';
export * from './bulk-runner.ts';
