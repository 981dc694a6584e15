// Prints a Django-format PBKDF2 hash for the worker's USERS binding:
//   node examples/worker/hash-password.mjs 'the password'
import { randomBytes } from 'node:crypto';
import { hashPassword } from './passwords.js';

const password = process.argv[2];
if (!password) {
  console.error("usage: node examples/worker/hash-password.mjs 'the password'");
  process.exit(2);
}
console.log(await hashPassword(password, randomBytes(12).toString('base64url')));
