export * from './dispatcher.ts';
export * from './signature.ts';
