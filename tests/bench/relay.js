// The baseline of `cargo xtask bench`: a minimal Node `ws` server that relays every frame to everyone.
// Usage: node relay.js [port]; prints the port it listens on (127.0.0.1).
const { WebSocketServer, WebSocket } = require('ws');

const server = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2] || 0), perMessageDeflate: false });
server.on('listening', () => console.log(server.address().port));
server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    for (const client of server.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    }
  });
});
