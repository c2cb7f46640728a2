// Baseline for bench:http: a bare node:http server answering every request with the same bytes
// (read from the file named by argv[2]) and the same content type, on the port in argv[3]; with
// argv[4], a JSON file of headers, it sends those headers instead of the content type alone.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.argv[2] ?? '');
const port = Number(process.argv[3] ?? 0);
const extra = process.argv[4] ? (JSON.parse(readFileSync(process.argv[4], 'utf8')) as Record<string, string>) : { 'content-type': 'text/html; charset=utf-8' };
const headers = [...Object.entries(extra).flat(), 'content-length', String(body.length)];
createServer((_request, response) => {
  response.writeHead(200, headers);
  response.end(body);
}).listen(port, '127.0.0.1', () => console.log('raw server ready'));
