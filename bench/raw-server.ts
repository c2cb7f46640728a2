// Baseline for bench:http: a bare node:http server answering every request with the same bytes
// (read from the file named by argv[2]) and the same content type, on the port in argv[3].
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.argv[2] ?? '');
const port = Number(process.argv[3] ?? 0);
createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
  response.end(body);
}).listen(port, '127.0.0.1', () => console.log('raw server ready'));
