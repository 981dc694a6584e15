// The demo page: a debugger that runs entirely in the page and a
// playground against the edge worker, both on ferrojwt.
import { startDebugger } from './debugger.js';
import { startPlayground } from './playground.js';

startDebugger();
startPlayground();
document.body.dataset.ready = 'true';
