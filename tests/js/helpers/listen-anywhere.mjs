// Preloaded (node --import) into a README's server program: whatever port it
// asks for, it listens on a free loopback port and says which, so the test
// never collides with another server on a shared machine.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenAnywhere(...args) {
  const callback = typeof args.at(-1) === 'function' ? args.pop() : undefined;
  this.once('listening', () => {
    process.stderr.write(`listening on http://127.0.0.1:${this.address().port}\n`);
  });
  return listen.call(this, { port: 0, host: '127.0.0.1' }, callback);
};
