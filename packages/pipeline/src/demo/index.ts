export * from './catalog.ts';
export * from './generate.ts';
export * from './load-catalog.ts';
export * from './seed-demo.ts';
