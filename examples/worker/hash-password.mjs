// Prints a Django-format PBKDF2 hash (pbkdf2_sha256, 100,000 iterations) for
// editing the users table by hand; `make users` hashes plain passwords itself.
//   node examples/worker/hash-password.mjs 'the password'
import { makePassword } from './passwords.js';

const password = process.argv[2];
if (!password) {
  console.error("usage: node examples/worker/hash-password.mjs 'the password'");
  process.exit(2);
}
console.log(await makePassword(password));
