// The worker entry when gvcsim runs from its TypeScript sources (tests, `npm run gvcsim`):
// worker threads do not inherit the parent's loader, so register tsx here, then load the worker.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./worker.ts');
export default worker.default;
