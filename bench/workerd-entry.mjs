// Bundled by bench/workerd-run.mjs (as wrangler would, `workerd` export
// condition) and run in Miniflare. It only runs rows; the clock is Node's:
// GET /list gives the rows, GET /run?i=<row>&n=<calls> calls row i's fn n times.
import * as jwtwasm from 'ferrojwt';
import * as jwtwasmFull from 'ferrojwt/full';
import * as jose from 'jose';
import * as jwtDecode from 'jwt-decode';
import * as tsndr from '@tsndr/cloudflare-worker-jwt';
import { makeCases } from './cases.mjs';

// Built on the first request (no async work at global scope in a worker).
let rows;

export default {
  async fetch(request) {
    rows ??= await makeCases({ jwtwasm, jwtwasmFull, jose, jwtDecode, tsndr });
    const url = new URL(request.url);
    if (url.pathname === '/list') {
      return Response.json(rows.map(({ op, token, lib, label, kind, size }) => ({ op, token, lib, label: label ?? null, kind, size })));
    }
    if (url.pathname === '/run') {
      const row = rows[Number(url.searchParams.get('i'))];
      const n = Number(url.searchParams.get('n'));
      if (!row || !(n > 0)) return new Response('bad row or count', { status: 400 });
      const { fn } = row;
      if (row.kind === 'async') for (let k = 0; k < n; k++) await fn();
      else for (let k = 0; k < n; k++) fn();
      return new Response('ok');
    }
    return new Response('not found', { status: 404 });
  },
};
