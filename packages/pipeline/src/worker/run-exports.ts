// The pieces of a worker run, for tools that drive the stages themselves (benchmarks).
export { loadBatchContext } from './batch-context.ts';
export { runConversation } from './run-conversation.ts';
