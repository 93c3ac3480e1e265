// The reference of bench_request_cpu (tests/bench/request_cpu.cpp): a Socket.IO server answering the
// same load as telemed-server. Each `me` event is answered with an acknowledgement carrying a user object
// shaped like telemed's `me` reply (a fixed object: no store, no session check), which is the closest
// Socket.IO has to our request/reply. WebSocket transport only, no per-message deflate (telemed has none
// either), Socket.IO's default ping (25 s) and buffer limits otherwise.
//
//   node tests/bench/socketio/server.mjs [--port 0]
//
// Prints `{"msg":"listening","port":N}` once it listens (the benchmark reads the port from it); SIGTERM
// or SIGINT stops it. Install its one dependency with `npm ci` in this directory (tools/bench.sh does).
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;

const user = {
  id: 1,
  email: 'patient@demo.telemed.test',
  display_name: 'Demo Patient',
  role: 'patient',
  status: 'active',
  time_zone: 'Europe/Berlin',
  created_at: '2026-01-01T00:00:00.000Z',
};

const http = createServer();
const io = new Server(http, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
io.on('connection', (socket) => {
  socket.on('me', (_data, ack) => {
    if (typeof ack === 'function') ack({ user });
  });
});

http.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'listening', port: http.address().port }));
});

const stop = () => {
  io.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
