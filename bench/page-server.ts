import { createServer } from 'node:http';
import { benchPage, loadDemo } from './corpus.js';

// Serves the benchmark pages from loopback in its own process, so the server's CPU does not count
// against the ingest being measured.
const demo = loadDemo();
const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (url === '/robots.txt') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
    return;
  }
  const m = /^\/news\/(\d+)$/.exec(url);
  if (!m) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(benchPage(demo, Number(m[1])));
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});
