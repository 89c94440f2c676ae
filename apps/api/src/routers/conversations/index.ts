import { router } from '../../trpc.ts';
import { controlProcedures } from './control.ts';
import { listProcedures } from './list.ts';
import { readProcedures } from './read.ts';

export const conversationsRouter = router({
  ...listProcedures,
  ...readProcedures,
  ...controlProcedures,
});
