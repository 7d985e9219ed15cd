#!/usr/bin/env node
// Makes a service that listens on 127.0.0.1:PORT answer on [::1]:PORT as well, by forwarding
// each TCP connection (Node 20+, no dependencies).
//
//   node scripts/loopback6.mjs PORT
//
// `cargo lambda watch` listens on one address, 127.0.0.1 (the README, the tests and curl use it),
// while `cargo lambda invoke` sends to [::1]:9000 unless told otherwise, and a `localhost` that
// resolves to ::1 first goes there too. `make dev` (scripts/lib.sh, start_api) runs this beside
// the watcher so both loopbacks reach it; only the loopback is bound, never another interface.
// Exits 0 with a note when the machine has no IPv6 loopback: then nothing can ask for ::1 anyway.

import { connect, createServer } from 'node:net';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node scripts/loopback6.mjs PORT');
  process.exit(2);
}

const server = createServer((client) => {
  const upstream = connect({ host: '127.0.0.1', port });
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
  client.pipe(upstream).pipe(client);
});

server.on('error', (err) => {
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT') {
    console.log(`loopback6: no IPv6 loopback here (${err.code}); 127.0.0.1:${port} only`);
    process.exit(0);
  }
  console.error(`loopback6: [::1]:${port}: ${err.message}`);
  process.exit(1);
});

server.listen({ host: '::1', port, ipv6Only: true }, () => {
  console.log(`loopback6: [::1]:${port} -> 127.0.0.1:${port}`);
});

process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
