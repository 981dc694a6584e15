// The rows of cases.mjs in Node, every library that runs there.
import * as jose from 'jose';
import * as fastjwt from 'fast-jwt';
import jsonwebtoken from 'jsonwebtoken';
import * as jwtDecode from 'jwt-decode';
import * as tsndr from '@tsndr/cloudflare-worker-jwt';
import * as jwtwasm from 'ferrojwt';
import * as jwtwasmFull from 'ferrojwt/full';
import { makeCases, runCases } from './cases.mjs';
import { rateAsync, rateSync } from './harness.mjs';

export async function nodeRun(opts) {
  const rows = await makeCases({ jwtwasm, jwtwasmFull, jose, fastjwt, jsonwebtoken, jwtDecode, tsndr, nativeSync: true });
  return runCases(rows, { rateSync, rateAsync }, opts);
}
